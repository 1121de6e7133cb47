"""The explorer engine, the simplex editor, and the p-versus-q and curve explorers.

Sliders are set from Python, as a student's drag would set them, and the tests
check that the readouts and the plotted artists changed to the right numbers.
"""

import base64
import math

import numpy as np
import pytest
from matplotlib.colors import to_hex

from lossnotes import information as info
from lossnotes import losses
from lossnotes.widgets import CurveExplorer, PQExplorer, ProbabilityEditor, rebalance, slider


# -- the simplex editor -----------------------------------------------------------
def test_dial_in_exact_vector_left_to_right():
    ed = ProbabilityEditor([1 / 3, 1 / 3, 1 / 3])
    ed.sliders[0].value = 0.7
    ed.sliders[1].value = 0.2
    assert ed.value.tolist() == [0.7, 0.2, 0.1]
    assert [s.value for s in ed.sliders] == [0.7, 0.2, 0.1]


def test_editor_stays_on_simplex_under_any_moves():
    rng = np.random.default_rng(0)
    ed = ProbabilityEditor(np.full(5, 0.2))
    for _ in range(200):
        i = int(rng.integers(5))
        ed.sliders[i].value = float(rng.uniform(0, 1))
        v = ed.value
        assert v.min() >= 0 and abs(v.sum() - 1) < 1e-9
        assert math.isclose(v[i], ed.sliders[i].value)


def test_rebalance_takes_from_the_last_slider_first():
    v = rebalance([0.25, 0.25, 0.25, 0.25], 0, 0.5)
    assert v.tolist() == [0.5, 0.25, 0.25, 0.0]
    v = rebalance(v, 3, 0.1)  # moving the last one takes from the one before it
    assert v.tolist() == [0.5, 0.25, 0.15, 0.1]


def test_text_box_sets_exact_vector_and_reports_bad_input():
    ed = ProbabilityEditor([0.5, 0.5, 0.0])
    ed.text.value = "0.7, 0.2, 0.1"
    assert ed.value.tolist() == [0.7, 0.2, 0.1]
    ed.text.value = "0.7, 0.2, 0.3"
    assert "does not sum to 1" in ed.message.value
    assert ed.value.tolist() == [0.7, 0.2, 0.1]  # unchanged
    ed.text.value = "0.5, -0.1, 0.6"
    assert "negative" in ed.message.value


def test_editor_rejects_bad_start():
    with pytest.raises(ValueError, match="p does not sum to 1"):
        ProbabilityEditor([0.5, 0.6])
    with pytest.raises(ValueError, match="labels has 2 names"):
        ProbabilityEditor([0.5, 0.25, 0.25], labels=["a", "b"])


def test_editor_notifies_once_per_change():
    ed = ProbabilityEditor([0.5, 0.5])
    seen = []
    ed.observe(seen.append)
    ed.sliders[0].value = 0.9
    assert len(seen) == 1 and np.allclose(seen[0], [0.9, 0.1])


def test_slider_labels_carry_symbol_and_unit():
    assert slider("T", 1.0, 0.5, 10, 0.5, unit="temperature").description == "T [temperature]"
    ed = ProbabilityEditor([0.5, 0.5], labels=["heads", "tails"], symbol="q")
    assert [s.description for s in ed.sliders] == ["q(heads)", "q(tails)"]
    assert [s.description for s in ProbabilityEditor([0.5, 0.5]).sliders] == ["p₁", "p₂"]


# -- the p versus q explorer (runs in the browser: lossnotes/widgets/js/pq.js) ---------------
def test_pq_readouts_match_information_functions():
    ex = PQExplorer([1, 0, 0], [0.7, 0.2, 0.1], base="nats")
    assert ex.values["KL(p‖q)"] == -math.log(0.7)
    assert ex.values["H(p,q)"] == -math.log(0.7)
    assert ex.values["H(p)"] == 0
    assert ex.values["KL(q‖p)"] == math.inf
    assert "  KL(q‖p) = ∞ nats" in ex.summary().splitlines()


def test_pq_parameters_are_synced_traitlets():
    ex = PQExplorer([0.5, 0.5], [0.5, 0.5])
    assert ex.values["KL(p‖q)"] == 0
    ex.q = [0.9, 0.1]  # what the browser sends when a student moves q's slider
    expected = float(info.kl_divergence([0.5, 0.5], [0.9, 0.1]))
    assert ex.values["KL(p‖q)"] == expected
    assert f"  KL(p‖q) = {expected:.4f} bits" in ex.summary().splitlines()
    assert ex.get_state()["q"] == [0.9, 0.1] and ex.get_state()["unit"] == "bits"
    assert set(PQExplorer.class_own_traits()) >= {"p", "q", "unit", "labels"}


def test_pq_unit_switch_rescales_every_readout():
    ex = PQExplorer([0.5, 0.5], [0.9, 0.1])
    bits = dict(ex.values)
    ex.unit = "nats"
    for k, v in bits.items():
        assert ex.values[k] == pytest.approx(v * math.log(2), rel=1e-14)
    assert ex.values["JS(p,q)"] <= math.log(2)
    with pytest.raises(ValueError, match="base must be"):
        ex.unit = "bytes"


def test_pq_rejects_bad_input_naming_the_argument():
    with pytest.raises(ValueError, match="same number of outcomes"):
        PQExplorer([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="q does not sum to 1"):
        PQExplorer([0.5, 0.5], [0.5, 0.6])
    ex = PQExplorer([0.5, 0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="p does not sum to 1"):
        ex.p = [0.2, 0.2]
    with pytest.raises(Exception, match="q must have 2 entries"):
        ex.q = [0.2, 0.3, 0.5]
    with pytest.raises(ValueError, match="labels has 3 names"):
        PQExplorer([0.5, 0.5], [0.5, 0.5], labels=["a", "b", "c"])


def test_pq_default_labels_are_subscripts():
    ex = PQExplorer([0.5, 0.5], [0.9, 0.1])
    assert ex.labels == ["₁", "₂"]


def test_explorer_displays_widget_static_png_text_and_site_state():
    ex = PQExplorer([0.5, 0.5], [0.9, 0.1], title="A title")
    bundle, _metadata = ex._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == ex.model_id
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert bundle["text/plain"].splitlines()[0] == "PQExplorer(p = (0.5, 0.5), q = (0.9, 0.1), unit = bits)"
    assert "  KL(p‖q) = 0.7370 bits" in bundle["text/plain"]
    site = bundle["application/vnd.lossnotes.explorer+json"]
    assert site == {"explorer": "PQExplorer", "module": "pq.js", "title": "A title",
                    "caption": PQExplorer.default_caption,
                    "state": {"p": [0.5, 0.5], "q": [0.9, 0.1], "unit": "bits", "labels": ["₁", "₂"]}}


def test_browser_explorer_ships_its_module_and_reads_it_only_when_made():
    from lossnotes.widgets import _browser

    ex = PQExplorer([0.5, 0.5], [0.9, 0.1])
    source = (_browser.STATIC / "pq.js").read_text(encoding="utf-8")
    assert ex._esm == source and "export" in source and "readouts" in source
    assert ex.strings == {}  # English: the module's own labels


@pytest.fixture
def zh_language():
    import lossnotes

    lossnotes.set_language("zh")
    yield
    lossnotes.set_language("en")


def test_browser_explorer_speaks_the_notebook_language(zh_language):
    ex = PQExplorer([0.5, 0.5], [0.9, 0.1])
    assert ex.strings["probability"] == "概率" and ex.strings["bits"] == "比特"
    assert ex.summary().splitlines()[0].endswith("unit = 比特)")


# -- the curve explorer -------------------------------------------------------------------
def make_information_curve():
    return CurveExplorer(
        np.linspace(0.001, 1, 200),
        curves=lambda x, p: {"I(p)": -np.log2(x)},
        params={"p": slider("p", 0.25, 0.01, 1, 0.01)},
        markers=lambda p: {"event": (p, -np.log2(p))},
        readouts=lambda p: {"I(p) [bits]": float(-np.log2(p))},
        xlabel="probability p",
        ylabel="information [bits]",
        ylim=(0, 10),
    )


def test_curve_marker_and_readout_follow_slider():
    ex = make_information_curve()
    assert ex.values["I(p) [bits]"] == 2.0
    ex.params["p"].value = 0.125
    assert ex.values["I(p) [bits]"] == 3.0
    assert ex.readouts["I(p) [bits]"] == "3.0000"
    x, y = ex.points["event"].get_data()
    assert (x[0], y[0]) == (0.125, 3.0)


def test_curve_lines_follow_parameters():
    ex = CurveExplorer(
        np.linspace(0, 1, 11),
        curves=lambda x, a: {"a·x": a * x},
        params={"a": slider("a", 1.0, 0, 2, 0.1)},
        xlabel="x",
        ylabel="y",
        ylim=(0, 2),
    )
    ex.params["a"].value = 2.0
    assert ex.lines["a·x"].get_ydata()[-1] == 2.0
    assert ex.summary().startswith("CurveExplorer(a = 2)")


def _regression_curves(e, beta, e0):
    zero = np.zeros_like(e)
    return {"L2": losses.mse_loss(e, zero, reduction="none"),
            "L1": losses.l1_loss(e, zero, reduction="none"),
            "Smooth L1": losses.smooth_l1_loss(e, zero, reduction="none", beta=beta),
            "Huber": losses.huber_loss(e, zero, reduction="none", delta=beta)}


def _regression_explorer(markers):
    return CurveExplorer(
        np.linspace(-3, 3, 401),
        curves=_regression_curves,
        params={"beta": slider("β", 0.5, 0.1, 3.0, 0.1), "e0": slider("e", 2.0, -3.0, 3.0, 0.1)},
        markers=markers,
        xlabel="e",
        ylabel="loss",
        ylim=(0, 4),
    )


def test_markers_on_some_curves_take_the_colour_of_their_own_curve():
    # Markers only on the 3rd and 4th curves (as in the app): they must not take curves 1 and 2's colours.
    def on_curve(beta, e0):
        at = {k: float(v[0]) for k, v in _regression_curves(np.array([e0]), beta, e0).items()}
        return {"Smooth L1 at e": (e0, at["Smooth L1"]), "Huber at e": (e0, at["Huber"])}

    ex = _regression_explorer(on_curve)
    for marker, curve in {"Smooth L1 at e": "Smooth L1", "Huber at e": "Huber"}.items():
        assert to_hex(ex.points[marker].get_color()) == to_hex(ex.lines[curve].get_color())
    assert ex.marker_curves == {"Smooth L1 at e": "Smooth L1", "Huber at e": "Huber"}
    ex.params["e0"].value = 1.0                         # the markers move along their curves
    assert ex.points["Huber at e"].get_data()[1][0] == pytest.approx(0.5 * (1.0 - 0.25))


def test_markers_can_name_their_curve_where_curves_coincide():
    # With β = 1 Smooth L1 and Huber are the same curve: only an explicit name can tell them apart.
    def named(beta, e0):
        v = float(losses.huber_loss(np.array([e0]), np.zeros(1), reduction="none", delta=beta)[0])
        return {"Huber at e": (e0, v, "Huber"), "L2 at e": (e0, e0 * e0, "L2")}

    ex = _regression_explorer(named)
    ex.params["beta"].value = 1.0
    assert ex.marker_curves == {"Huber at e": "Huber", "L2 at e": "L2"}
    assert to_hex(ex.points["Huber at e"].get_color()) == to_hex(ex.lines["Huber"].get_color())
    assert to_hex(ex.points["L2 at e"].get_color()) == to_hex(ex.lines["L2"].get_color())


def test_a_marker_on_no_curve_is_black_and_a_bad_curve_name_is_refused():
    ex = _regression_explorer(lambda beta, e0: {"off": (0.0, 3.5)})
    assert ex.marker_curves == {"off": None}
    assert to_hex(ex.points["off"].get_color()) == "#000000"
    with pytest.raises(ValueError, match="names the curve 'Hubert'"):
        _regression_explorer(lambda beta, e0: {"m": (e0, 1.0, "Hubert")})


def test_curve_readouts_carry_units():
    ex = CurveExplorer(
        np.linspace(0.01, 1, 20),
        curves=lambda x, p: {"I": -np.log2(x)},
        params={"p": slider("p", 0.5, 0.01, 1, 0.01)},
        readouts=lambda p: {"I(p)": (-np.log2(p), "bits"), "note": "rare" if p < 0.1 else "common"},
        xlabel="p",
        ylabel="I [bits]",
    )
    assert ex.readouts == {"I(p)": "1.0000 bits", "note": "common"}
    assert ex.values == {"I(p)": 1.0}


def test_fast_png_encoder_round_trips_through_a_real_decoder():
    from PIL import Image
    import io

    from lossnotes.plots import encode_png

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(rgba))).convert("RGBA"))
    np.testing.assert_array_equal(decoded, rgba)
