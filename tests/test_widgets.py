"""The browser-explorer engine, the rule of the probability sliders, and the p-versus-q explorer.

Parameters are set from Python, as the browser sets them after a student's step, and the tests
check the readouts, the stored picture and the saved-notebook representations.
"""

import base64
import math

import numpy as np
import pytest

from lossnotes import information as info
from lossnotes.widgets import PQExplorer, rebalance


# -- the rule of the probability sliders (applied in the browser by js/ui.js) --------------------
def test_dial_in_exact_vector_left_to_right():
    v = rebalance([1 / 3, 1 / 3, 1 / 3], 0, 0.7)
    v = rebalance(v, 1, 0.2)
    assert v.tolist() == [0.7, 0.2, 0.1]


def test_rebalance_stays_on_simplex_under_any_moves():
    rng = np.random.default_rng(0)
    v = np.full(5, 0.2)
    for _ in range(200):
        i = int(rng.integers(5))
        new = float(rng.uniform(0, 1))
        v = rebalance(v, i, new)
        assert v.min() >= 0 and abs(v.sum() - 1) < 1e-9
        assert math.isclose(v[i], new, abs_tol=1e-12)


def test_rebalance_takes_from_the_last_slider_first():
    v = rebalance([0.25, 0.25, 0.25, 0.25], 0, 0.5)
    assert v.tolist() == [0.5, 0.25, 0.25, 0.0]
    v = rebalance(v, 3, 0.1)  # moving the last one takes from the one before it
    assert v.tolist() == [0.5, 0.25, 0.15, 0.1]


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
def test_fast_png_encoder_round_trips_through_a_real_decoder():
    from PIL import Image
    import io

    from lossnotes.plots import encode_png

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(rgba))).convert("RGBA"))
    np.testing.assert_array_equal(decoded, rgba)
