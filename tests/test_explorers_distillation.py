"""Tests for the distillation explorers of notebook 08 (browser explorers): state, readouts,
validation, the static picture, the summary and the saved notebook's output."""

import base64
import doctest
import math

import numpy as np
import pytest
import traitlets

import lossnotes.widgets.distillation as mod
from lossnotes import gradients, information as info, losses
from lossnotes.widgets._browser import MIME_TYPE, BrowserExplorer
from lossnotes.widgets.distillation import DistillationGradientExplorer, TemperatureExplorer

V_TWO = np.array([-1.0, -2.0, 9.0, 5.0, -1.5, 0.0, -0.5, 4.0, 1.0, -2.5])
Z_TWO = np.array([0.5, -1.0, 6.0, 2.0, -1.0, 0.5, 0.0, 1.0, 2.5, -2.0])
DIGITS = [str(d) for d in range(10)]


def test_doctests():
    failures, tried = doctest.testmod(mod)
    assert tried > 0 and failures == 0


def _bundle(ex):
    b = ex._repr_mimebundle_()
    return b[0] if isinstance(b, tuple) else b


# --------------------------------------------------------------------------- temperature

@pytest.fixture()
def tex():
    return TemperatureExplorer(V_TWO, DIGITS)


def test_temperature_is_a_browser_explorer(tex):
    assert isinstance(tex, BrowserExplorer)
    assert tex._module == "temperature.js"
    assert tex.state == {"T": 1.0, "s": 1.0, "logits": V_TWO.tolist(), "labels": DIGITS}
    assert tex.full_state["t_range"] == [0.5, 20.0] and tex.full_state["curves"] == "entropy"
    assert tex.caption.startswith("Raising T flattens p_T")


def test_temperature_initial_readouts(tex):
    p = losses.softmax(V_TWO)
    v = tex.values
    assert list(v) == ["H(p_T)", "s/T"] + [f"p_T({d})" for d in DIGITS]
    assert v["H(p_T)"] == pytest.approx(info.entropy(p), rel=1e-12)
    np.testing.assert_allclose([v[f"p_T({d})"] for d in DIGITS], p, rtol=1e-12)
    assert v["s/T"] == 1.0
    text = tex.summary()
    assert text.startswith("TemperatureExplorer(T = 1.00, s = 1.00)")
    assert "H(p_T) = 0.1948 bits = 0.1350 nats" in text
    assert "p_T(2) = 0.9750" in text and "p_T(3) = 0.0179" in text
    assert repr(tex) == text


def test_temperature_setting_T_from_python(tex):
    tex.T = 4.0
    p = losses.softmax(V_TWO / 4.0)
    assert tex.values["H(p_T)"] == pytest.approx(float(info.entropy(p)), rel=1e-12)
    assert "H(p_T) = 2.5732 bits = 1.7836 nats" in tex.summary()
    assert tex.values["p_T(2)"] == pytest.approx(0.4419, abs=1e-4)


def test_temperature_only_s_over_T_matters(tex):
    tex.T, tex.s = 2.0, 1.0
    h = tex.values["H(p_T)"]
    tex.T, tex.s = 4.0, 2.0          # s/T = 0.5 again
    assert tex.values["s/T"] == 0.5
    assert tex.values["H(p_T)"] == pytest.approx(h, rel=1e-12)


def test_temperature_hand_worked_readouts():
    # Two equal logits: p = (1/2, 1/2), H = 1 bit, at any T.
    r = TemperatureExplorer.readouts({"T": 3.0, "s": 2.0, "logits": [1.0, 1.0], "labels": ["a", "b"]})
    assert r == {"H(p_T)": 1.0, "s/T": 2.0 / 3.0, "p_T(a)": 0.5, "p_T(b)": 0.5}
    # Logits (ln 3, 0) at T = 1: p = (3/4, 1/4), H = 2 - (3/4) log2 3 bits.
    r = TemperatureExplorer.readouts({"T": 1.0, "s": 1.0, "logits": [math.log(3), 0.0], "labels": ["x", "y"]})
    assert r["p_T(x)"] == pytest.approx(0.75, rel=1e-15)
    assert r["H(p_T)"] == pytest.approx(2 - 0.75 * math.log2(3), rel=1e-14)


def test_temperature_high_T_approaches_uniform(tex):
    tex.T, tex.s = 20.0, 0.25
    assert tex.values["H(p_T)"] == pytest.approx(math.log2(10), abs=2e-3)
    assert max(tex.values[f"p_T({d})"] for d in DIGITS) < 0.12


def test_temperature_validation(tex):
    with pytest.raises(ValueError, match="1-D vector"):
        TemperatureExplorer([[1.0, 2.0]])
    with pytest.raises(ValueError, match="labels has 2 entries"):
        TemperatureExplorer([1.0, 2.0, 3.0], ["a", "b"])
    with pytest.raises(ValueError, match="NaN"):
        TemperatureExplorer([1.0, np.nan])
    with pytest.raises(ValueError, match="distinct"):
        TemperatureExplorer([1.0, 2.0], ["a", "a"])
    with pytest.raises(traitlets.TraitError, match="temperature must be in"):
        TemperatureExplorer([1.0, 2.0], temperature=30.0)
    with pytest.raises(traitlets.TraitError, match="scale must be in"):
        TemperatureExplorer([1.0, 2.0], scale=0.0)
    with pytest.raises(ValueError, match="curves must be"):
        TemperatureExplorer([1.0, 2.0], curves="bars")
    with pytest.raises(ValueError, match="t_range"):
        TemperatureExplorer([1.0, 2.0], t_range=(2.0, 1.0))
    with pytest.raises(traitlets.TraitError, match="T must be in"):
        tex.T = 0.1
    with pytest.raises(traitlets.TraitError, match="s must be in"):
        tex.s = 5.0
    with pytest.raises(traitlets.TraitError, match="logits must have 10 entries"):
        tex.logits = [1.0, 2.0]


def test_temperature_app_configuration():
    # The app's explorer: teacher logits (5, 2, -1), T in [0.5, 10], no s slider, curves of p_k.
    ex = TemperatureExplorer([5.0, 2.0, -1.0], t_range=(0.5, 10.0), curves="probabilities", show_scale=False)
    assert list(ex.values) == ["H(p_T)", "s/T", "p_T(0)", "p_T(1)", "p_T(2)"]
    assert round(ex.values["p_T(0)"], 4) == 0.9503 and round(ex.values["H(p_T)"], 4) == 0.2987
    assert ex.full_state["show_scale"] is False
    with pytest.raises(traitlets.TraitError, match=r"T must be in \[0.5, 10\]"):
        ex.T = 12.0
    fig = ex.static_figure(ex.full_state)
    ax = fig.axes[1]
    assert len(ax.get_lines()) == 6  # three curves and three markers
    assert ax.get_xlim() == pytest.approx((0.5, 10.0))


def test_temperature_static_figure_and_bundle(tex):
    tex.T = 3.0
    fig = tex.static_figure(tex.full_state)
    ax, axr = fig.axes
    heights = [b.get_height() for b in ax.patches[10:]]
    np.testing.assert_allclose(heights, losses.softmax(V_TWO / 3.0), rtol=1e-12)
    x, y = axr.get_lines()[-1].get_data()
    assert list(x) == [3.0] and y[0] == pytest.approx(tex.values["H(p_T)"])
    assert "bits" in axr.get_ylabel()
    data = _bundle(tex)
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == tex.summary()
    spec = data[MIME_TYPE]
    assert spec["explorer"] == "TemperatureExplorer" and spec["module"] == "temperature.js"
    assert spec["state"]["T"] == 3.0 and spec["state"]["logits"] == V_TWO.tolist()


# --------------------------------------------------------------------------- gradient

@pytest.fixture()
def gex():
    return DistillationGradientExplorer(Z_TWO, V_TWO, DIGITS, temperature=4.0)


def test_gradient_is_a_browser_explorer(gex):
    assert gex._module == "distillation_gradient.js"
    assert gex.state == {"T": 4.0, "student_logits": Z_TWO.tolist(), "teacher_logits": V_TWO.tolist()}
    assert gex.full_state["labels"] == DIGITS and gex.full_state["t_range"] == [1.0, 50.0]


def test_gradient_readouts(gex):
    # A loss in nats differentiated by logits in nats: a pure number, shown without a unit.
    assert "T²‖∂ℓ/∂z‖ = 0.7164" in gex.summary()
    gex.T = 20.0
    g = gradients.distillation(Z_TWO, V_TWO, 20.0)
    assert gex.values["|grad|"] == pytest.approx(np.linalg.norm(g), rel=1e-12)
    assert gex.values["T^2 |grad|"] == pytest.approx(400.0 * np.linalg.norm(g), rel=1e-12)
    approx = gradients.distillation_high_temperature_limit(Z_TWO, V_TWO, 20.0)
    assert gex.values["rel. error"] == pytest.approx(np.linalg.norm(approx - g) / np.linalg.norm(g), rel=1e-12)
    text = gex.summary()
    assert "error of (z−v)/(CT²) = 12.8%" in text
    assert "T²‖∂ℓ/∂z‖ = 0.6269" in text
    assert text.startswith("DistillationGradientExplorer(T = 20.0)")


def test_gradient_hand_worked_readouts():
    # z = (1, 0), v = (0, 1), T = 1: q - p = (σ(1) - σ(-1)) (1, -1), norm √2 (2σ(1) - 1) = √2 tanh(1/2).
    r = DistillationGradientExplorer.readouts({"T": 1.0, "student_logits": [1.0, 0.0], "teacher_logits": [0.0, 1.0]})
    assert r["|grad|"] == pytest.approx(math.sqrt(2) * math.tanh(0.5), rel=1e-14)
    assert r["T^2 |grad|"] == r["|grad|"]
    # Equal logits: no gradient, and no error either.
    r = DistillationGradientExplorer.readouts({"T": 5.0, "student_logits": [1.0, 2.0], "teacher_logits": [1.0, 2.0]})
    assert r == {"|grad|": 0.0, "T^2 |grad|": 0.0, "rel. error": 0.0}


def test_gradient_t2_norm_levels_off(gex):
    values = []
    for T in (5.0, 20.0, 50.0):
        gex.T = T
        values.append(gex.values["T^2 |grad|"])
    limit = np.linalg.norm(gradients.distillation_high_temperature_limit(Z_TWO, V_TWO, 1.0))
    assert max(values) / min(values) < 1.3
    assert abs(values[-1] - limit) < abs(values[0] - limit)


def test_gradient_validation(gex):
    with pytest.raises(ValueError, match="same shape"):
        DistillationGradientExplorer([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="at least 2 logits"):
        DistillationGradientExplorer([1.0], [1.0])
    with pytest.raises(ValueError, match="student_logits contains inf"):
        DistillationGradientExplorer([1.0, -np.inf], [1.0, 2.0])
    with pytest.raises(traitlets.TraitError, match="temperature must be in"):
        DistillationGradientExplorer([1.0, 2.0], [2.0, 1.0], temperature=0.5)
    with pytest.raises(traitlets.TraitError, match=r"T must be in \[1, 50\]"):
        gex.T = 60.0
    with pytest.raises(traitlets.TraitError, match="teacher_logits must have 10 entries"):
        gex.teacher_logits = [1.0, 2.0]


def test_gradient_static_figure_and_bundle(gex):
    fig = gex.static_figure(gex.full_state)
    ax, axr = fig.axes
    g = gradients.distillation(Z_TWO, V_TWO, 4.0)
    np.testing.assert_allclose([b.get_height() for b in ax.patches[:10]], 16.0 * g, rtol=1e-12)
    np.testing.assert_allclose([b.get_height() for b in ax.patches[10:20]],
                               gradients.distillation_high_temperature_limit(Z_TWO, V_TWO, 1.0), rtol=1e-12)
    # The course's one story for units: logits are log-odds in nats, so d(loss in nats)/d(logit) has no unit.
    labels = [ax.get_ylabel(), axr.get_ylabel()]
    assert all("unitless" in label for label in labels), labels
    assert not any("per logit" in label for label in labels), labels
    assert axr.get_xscale() == "log" and axr.get_yscale() == "log"
    data = _bundle(gex)
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == gex.summary()
    spec = data[MIME_TYPE]
    assert spec["explorer"] == "DistillationGradientExplorer" and spec["module"] == "distillation_gradient.js"
    assert spec["state"]["T"] == 4.0 and spec["state"]["labels"] == DIGITS
