"""Tests for the distillation explorers (notebook 08): readouts, artists, one frame per tick."""

import doctest
import math

import numpy as np
import pytest

import lossnotes.widgets.distillation as mod
from lossnotes import gradients, information as info, losses
from lossnotes.widgets.distillation import DistillationGradientExplorer, TemperatureExplorer

V_TWO = np.array([-1.0, -2.0, 9.0, 5.0, -1.5, 0.0, -0.5, 4.0, 1.0, -2.5])
Z_TWO = np.array([0.5, -1.0, 6.0, 2.0, -1.0, 0.5, 0.0, 1.0, 2.5, -2.0])
DIGITS = [str(d) for d in range(10)]


def test_doctests():
    failures, tried = doctest.testmod(mod)
    assert tried > 0 and failures == 0


# --------------------------------------------------------------------------- temperature
# One explorer per kind for the whole module: building one is a full figure draw, the slow part.

@pytest.fixture(scope="module")
def tex():
    return TemperatureExplorer(V_TWO, DIGITS)


def test_temperature_initial_state(tex):
    p = losses.softmax(V_TWO)
    np.testing.assert_allclose([b.get_height() for b in tex.bars], p, rtol=1e-12)
    assert tex.values["H(p_T)"] == pytest.approx(info.entropy(p), rel=1e-12)
    assert tex.readouts["H(p_T)"] == "0.1948 bits = 0.1350 nats"
    assert tex.readouts["largest"] == "p(2) = 0.9750"
    assert tex.readouts["runner-up"] == "p(3) = 0.0179"
    assert tex.frames == 1
    assert repr(tex).startswith("TemperatureExplorer(T (temperature) = 1")
    assert "s (logit scale) = 1" in repr(tex)


def test_temperature_slider_updates_bars_entropy_curve_and_one_frame(tex):
    tex.s.value = 1.0
    frames = tex.frames
    tex.T.value = 4.0
    assert tex.frames == frames + 1
    p = losses.softmax(V_TWO / 4.0)
    np.testing.assert_allclose([b.get_height() for b in tex.bars], p, rtol=1e-12)
    h = float(info.entropy(p))
    assert tex.values["H(p_T)"] == pytest.approx(h, rel=1e-12)
    assert tex.values["H(p_T) nats"] == pytest.approx(float(info.entropy(p, base="nats")), rel=1e-12)
    assert tex.readouts["H(p_T)"] == "2.5732 bits = 1.7836 nats"
    assert tex.readouts["largest"] == "p(2) = 0.4419"
    x, y = tex.h_point.get_data()
    assert list(x) == [4.0] and y[0] == pytest.approx(h)
    # the entropy curve is H(softmax(v/T)) over the grid of temperatures
    grid, curve = tex.h_line.get_data()
    k = 50
    assert curve[k] == pytest.approx(float(info.entropy(losses.softmax(V_TWO / grid[k]))), rel=1e-10)
    assert np.all(np.diff(curve) > 0)  # entropy rises with T for this teacher


def test_temperature_only_s_over_T_matters(tex):
    tex.T.value = 2.0
    tex.s.value = 1.0
    h = tex.values["H(p_T)"]
    frames = tex.frames
    tex.T.value = 4.0
    tex.s.value = 2.0            # s/T = 0.5 again
    assert tex.frames == frames + 2
    assert tex.values["s/T"] == 0.5
    assert tex.values["H(p_T)"] == pytest.approx(h, rel=1e-12)
    np.testing.assert_allclose([b.get_height() for b in tex.bars], losses.softmax(V_TWO / 2.0), rtol=1e-12)
    # the curve now shows H(softmax(2 v / T)) over the grid
    grid, curve = tex.h_line.get_data()
    assert curve[0] == pytest.approx(float(info.entropy(losses.softmax(2.0 * V_TWO / grid[0]))), rel=1e-10)


def test_temperature_high_T_approaches_uniform(tex):
    tex.T.value = 20.0
    tex.s.value = 0.25
    assert tex.values["H(p_T)"] == pytest.approx(math.log2(10), abs=2e-3)
    assert tex.values["p_max"] < 0.12


def test_temperature_validation():
    with pytest.raises(ValueError, match="1-D vector"):
        TemperatureExplorer([[1.0, 2.0]])
    with pytest.raises(ValueError, match="labels has 2 entries"):
        TemperatureExplorer([1.0, 2.0, 3.0], ["a", "b"])
    with pytest.raises(ValueError, match="NaN"):
        TemperatureExplorer([1.0, np.nan])


# --------------------------------------------------------------------------- gradient

@pytest.fixture(scope="module")
def gex():
    return DistillationGradientExplorer(Z_TWO, V_TWO, DIGITS, temperature=4.0)


def test_gradient_slider_updates_bars_and_readouts(gex):
    ex = gex
    assert ex.frames == 1
    # A loss in nats differentiated by logits in nats: a pure number, shown without a unit.
    assert ex.readouts["T²‖∂ℓ/∂z‖"] == "0.7164"
    ex.T.value = 20.0
    assert ex.frames == 2
    g = gradients.distillation(Z_TWO, V_TWO, 20.0)
    np.testing.assert_allclose([b.get_height() for b in ex.bars_exact], 400.0 * g, rtol=1e-12)
    assert ex.values["|grad|"] == pytest.approx(np.linalg.norm(g), rel=1e-12)
    assert ex.values["T^2 |grad|"] == pytest.approx(400.0 * np.linalg.norm(g), rel=1e-12)
    approx = gradients.distillation_high_temperature_limit(Z_TWO, V_TWO, 20.0)
    rel = np.linalg.norm(approx - g) / np.linalg.norm(g)
    assert ex.values["rel. error"] == pytest.approx(rel, rel=1e-12)
    assert ex.readouts["error of (z−v)/(CT²)"] == "12.8%"
    assert ex.readouts["T²‖∂ℓ/∂z‖"] == "0.6269"
    x, y = ex.pt_scaled.get_data()
    assert list(x) == [20.0] and y[0] == pytest.approx(400.0 * np.linalg.norm(g))


def test_gradient_t2_norm_levels_off_and_limit_bars_are_static(gex):
    ex = gex
    values = []
    for T in (5.0, 20.0, 50.0):
        ex.T.value = T
        values.append(ex.values["T^2 |grad|"])
    limit = np.linalg.norm(gradients.distillation_high_temperature_limit(Z_TWO, V_TWO, 1.0))
    assert max(values) / min(values) < 1.3
    assert abs(values[-1] - limit) < abs(values[0] - limit)
    # the orange bars (the limit times T^2) do not depend on T and are not redrawn per tick
    assert all(b not in ex._dynamic for b in ex.ax_bars.patches[:10])
    np.testing.assert_allclose([b.get_height() for b in ex.ax_bars.patches[:10]], ex.limit)


def test_gradient_validation():
    with pytest.raises(ValueError, match="same shape"):
        DistillationGradientExplorer([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at least 2 logits"):
        DistillationGradientExplorer([1.0], [1.0])


def test_gradient_axes_say_the_gradient_is_a_pure_number(gex):
    # The course's one story for units: logits are log-odds in nats, so d(loss in nats)/d(logit) has no unit.
    labels = [gex.ax_bars.get_ylabel(), gex.ax_norm.get_ylabel()]
    assert all("unitless" in label for label in labels), labels
    assert not any("per logit" in label for label in labels), labels
    assert not any("per logit" in value for value in gex.readouts.values())
