"""The focal-loss and contrastive explorers of notebook 09: sliders set from Python."""

import doctest
import math

import numpy as np
import pytest

import lossnotes.widgets.practice as practice
from lossnotes import losses
from lossnotes.widgets.practice import ContrastiveExplorer, FocalLossExplorer


def test_doctests():
    assert doctest.testmod(practice).failed == 0


# -- focal loss ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def focal():
    return FocalLossExplorer(gamma=2.0, p_t=0.9)


def test_focal_readouts_follow_the_sliders(focal):
    ex = focal
    ex.gamma.value, ex.p_t.value, ex.alpha.value = 2.0, 0.9, 0.25
    assert ex.values["CE = −ln p_t"] == pytest.approx(-math.log(0.9))
    assert ex.values["FL"] == pytest.approx(-(0.1 ** 2) * math.log(0.9))
    assert ex.values["CE / FL"] == pytest.approx(100.0)
    assert ex.values["α_t·FL, positive"] == pytest.approx(0.25 * ex.values["FL"])
    assert ex.values["α_t·FL, negative"] == pytest.approx(0.75 * ex.values["FL"])
    assert ex.readouts["CE / FL"] == "100×"
    frames = ex.frames
    ex.p_t.value = 0.5
    assert ex.frames == frames + 1
    assert ex.values["FL"] == pytest.approx(0.25 * math.log(2))
    assert np.allclose(ex.marker.get_xydata(), [[0.5, 0.25 * math.log(2)]])


def test_focal_gamma_slider_redraws_the_curve(focal):
    ex = focal
    ex.p_t.value = 0.9
    ex.gamma.value = 0.0
    x = ex.curve.get_xdata()
    assert np.allclose(ex.curve.get_ydata(), -np.log(x))  # γ = 0: cross-entropy
    frames = ex.frames
    ex.gamma.value = 3.0
    assert ex.frames == frames + 1
    assert np.allclose(ex.curve.get_ydata(), -((1 - x) ** 3) * np.log(x))
    assert ex.values["CE / FL"] == pytest.approx(1000.0)
    # The curve is torchvision's focal loss for a positive example with p = p_t, no alpha.
    logits = np.log(x) - np.log1p(-x)
    assert np.allclose(ex.curve.get_ydata(),
                       losses.sigmoid_focal_loss(logits, np.ones_like(x), alpha=-1, gamma=3.0))


def test_focal_alpha_slider_down_weights_positives(focal):
    ex = focal
    ex.gamma.value, ex.p_t.value, ex.alpha.value = 2.0, 0.9, 0.25
    fl = -(0.1 ** 2) * math.log(0.9)
    assert ex.values["negative / positive weight"] == pytest.approx(3.0)
    assert ex.readouts["α_t·FL, positive (α_t = 0.25)"] == "2.634e-04 nats"
    assert ex.readouts["α_t·FL, negative (α_t = 0.75)"] == "7.902e-04 nats"
    frames = ex.frames
    ex.alpha.value = 0.9
    assert ex.frames == frames + 1
    assert ex.values["α_t·FL, positive"] == pytest.approx(0.9 * fl)
    assert ex.values["α_t·FL, negative"] == pytest.approx(0.1 * fl)
    assert ex.values["negative / positive weight"] == pytest.approx(1 / 9)
    assert "α_t·FL, positive (α_t = 0.9)" in ex.readouts
    # The positive's readout is torchvision's loss at that alpha.
    x = np.log([9.0])
    assert ex.values["α_t·FL, positive"] == pytest.approx(
        float(losses.sigmoid_focal_loss(x, np.ones(1), alpha=0.9, gamma=2.0)[0]))
    # α = 0 switches the positives off entirely.
    ex.alpha.value = 0.0
    assert ex.values["α_t·FL, positive"] == 0.0
    assert ex.values["α_t·FL, negative"] == pytest.approx(fl)
    assert ex.readouts["negative / positive weight (1 − α)/α"] == "∞×"
    # The curve (no α) does not move with α.
    ex.alpha.value = 0.25
    xs = ex.curve.get_xdata()
    assert np.allclose(ex.curve.get_ydata(), -((1 - xs) ** 2) * np.log(xs))



def test_focal_reference_curves_stay_visible_over_the_slider_curve(focal):
    # Issue 16: at γ = 2 the slider's curve used to hide the γ = 2 reference curve. The slider's curve is now a
    # translucent band, and the reference curves are blitted after it (dynamic artists draw in order).
    ex = focal
    ex.gamma.value = 2.0
    dynamic = ex._dynamic
    assert dynamic.index(ex.curve) < min(dynamic.index(line) for line in ex.reference_curves)
    assert ex.curve.get_alpha() < 0.5 and ex.curve.get_linewidth() > 3 * ex.reference_curves[0].get_linewidth()
    ref2 = ex.reference_curves[ex.gammas.index(2.0)]
    assert np.allclose(ref2.get_ydata(), ex.curve.get_ydata())          # they coincide at the start
    assert all(line.get_alpha() in (None, 1.0) for line in ex.reference_curves)
    # The legend lists the reference curves first, then the slider's band and the dot.
    texts = [t.get_text() for t in ex.ax.get_legend().get_texts()]
    assert texts[:len(ex.gammas)] == [line.get_label() for line in ex.reference_curves]
    assert texts[-2:] == [ex.curve.get_label(), ex.marker.get_label()]

# -- contrastive -------------------------------------------------------------------
@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    q = rng.standard_normal((6, 8))
    return q, q + 0.5 * rng.standard_normal((6, 8))


@pytest.fixture(scope="module")
def contrastive(batch):
    return ContrastiveExplorer(*batch, temperature=0.1)


def test_contrastive_matches_info_nce(batch, contrastive):
    q, k = batch
    ex = contrastive
    ex.tau.value = 0.1
    assert ex.values["InfoNCE"] == pytest.approx(float(losses.info_nce(q, k, temperature=0.1)))
    assert ex.values["ln N"] == pytest.approx(math.log(6))
    probs = ex.image_artist.get_array()
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert ex.values["mean p(positive)"] == pytest.approx(np.mean(np.diag(probs)))
    per = losses.info_nce(q, k, temperature=0.1, reduction="none")
    assert np.allclose([b.get_height() for b in ex.loss_bars], np.minimum(per, ex.ax_loss.get_ylim()[1]))


def test_temperature_slider(batch, contrastive):
    q, k = batch
    ex = contrastive
    ex.tau.value = 0.1
    frames = ex.frames
    ex.tau.value = 2.0
    assert ex.frames == frames + 1
    assert ex.values["InfoNCE"] == pytest.approx(float(losses.info_nce(q, k, temperature=2.0)))
    # Hot: close to the uniform guess; the matrix is flat.
    assert ex.values["InfoNCE"] > 0.8 * math.log(6)
    assert ex.image_artist.get_array().max() < 0.5


def test_contrastive_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="query and keys"):
        ContrastiveExplorer(np.ones((3, 2)), np.ones((4, 2)))


def test_contrastive_colour_bar_has_no_label_beside_the_loss_panel(contrastive):
    # Issue 16: the colour bar's label crowded the loss panel's y-label; its meaning is the matrix's title now.
    ex = contrastive
    colorbar_axes = [ax for ax in ex.fig.axes if ax not in (ex.ax_matrix, ex.ax_loss)]
    assert len(colorbar_axes) == 1 and colorbar_axes[0].get_ylabel() == ""
    assert "softmax(S/τ)" in ex.ax_matrix.get_title()
