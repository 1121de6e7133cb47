"""KLPenaltyExplorer (notebook 11): construction, synced β, readouts by hand, errors, picture, summary, bundle."""

from __future__ import annotations

import base64
import math

import numpy as np
import pytest
import traitlets

from lossnotes.alignment import kl_regularised_optimum
from lossnotes.widgets import _browser
from lossnotes.widgets.alignment import KLPenaltyExplorer

REF = [0.5, 0.3, 0.2]
R = [0.0, 1.0, 3.0]


def test_readouts_hand_worked():
    # beta = 1: Z = 0.5 + 0.3 e + 0.2 e^3, pi* = ref e^r / Z, J = log Z, E[r] = sum pi* r, KL = E[r] - J (beta = 1)
    z = 0.5 + 0.3 * math.e + 0.2 * math.e**3
    pi = np.array([0.5, 0.3 * math.e, 0.2 * math.e**3]) / z
    v = KLPenaltyExplorer(REF, R, beta=1.0).values
    assert list(v) == ["E[r]", "KL(π*‖π_ref)", "J(π*)"]
    assert v["J(π*)"] == pytest.approx(math.log(z), rel=1e-14)
    assert v["E[r]"] == pytest.approx(float(pi @ R), rel=1e-14)
    assert v["KL(π*‖π_ref)"] == pytest.approx(v["E[r]"] - v["J(π*)"], rel=1e-13)   # J = E[r] - beta KL


def test_limits_of_beta():
    ex = KLPenaltyExplorer(REF, R, beta=0.0)
    assert ex.values["E[r]"] == 3.0 and ex.values["J(π*)"] == 3.0
    assert ex.values["KL(π*‖π_ref)"] == pytest.approx(-math.log(0.2), rel=1e-15)
    ex.beta = 1e6
    assert ex.values["E[r]"] == pytest.approx(0.9, rel=1e-5)
    assert ex.values["KL(π*‖π_ref)"] < 1e-11


def test_beta_is_synced_and_validated():
    ex = KLPenaltyExplorer(REF, R)
    assert ex.beta == 1.0
    assert {"beta", "ref_probs", "rewards", "labels"} <= set(ex.traits(sync=True))
    ex.beta = 0.25   # what the browser sends when the slider moves
    assert ex.state == {"beta": 0.25, "ref_probs": REF, "rewards": R}
    for bad in (-1.0, math.inf, math.nan):
        with pytest.raises(traitlets.TraitError, match="beta must be"):
            ex.beta = bad
    with pytest.raises(traitlets.TraitError, match="beta must be a real number"):
        KLPenaltyExplorer(REF, R, beta="big")


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="ref_probs does not sum to 1"):
        KLPenaltyExplorer([0.5, 0.6], [0.0, 1.0])
    with pytest.raises(ValueError, match="ref_probs and rewards need one entry per response"):
        KLPenaltyExplorer(REF, [0.0, 1.0])
    with pytest.raises(ValueError, match="rewards must be finite"):
        KLPenaltyExplorer(REF, [0.0, math.inf, 1.0])
    with pytest.raises(ValueError, match="labels must have 3 entries"):
        KLPenaltyExplorer(REF, R, labels=["a", "b"])


def test_readouts_agree_with_the_package_on_random_states():
    rng = np.random.default_rng(0)
    for _ in range(50):
        n = int(rng.integers(2, 7))
        ref, r, beta = rng.dirichlet(np.ones(n)), rng.normal(0, 2, n), float(10 ** rng.uniform(-2, 2))
        v = KLPenaltyExplorer.readouts({"beta": beta, "ref_probs": ref.tolist(), "rewards": r.tolist()})
        opt = kl_regularised_optimum(ref, r, beta)
        assert v["J(π*)"] == pytest.approx(float(opt.value), rel=1e-14)
        assert v["J(π*)"] == pytest.approx(v["E[r]"] - beta * v["KL(π*‖π_ref)"], rel=1e-9, abs=1e-12)


def test_summary_static_figure_and_bundle():
    ex = KLPenaltyExplorer(REF, R, labels=["a", "b", "c"], beta=1.0, title="A title")
    assert ex.summary().splitlines() == [
        "KLPenaltyExplorer(β = 1, π_ref = (0.5, 0.3, 0.2), r = (0, 1, 3))",
        "  π* = (0.09376, 0.1529, 0.7533)",
        "  E[r] = 2.4129",
        "  KL(π*‖π_ref) = 0.7390",
        "  J(π*) = 1.6738",
    ]
    fig = KLPenaltyExplorer.static_figure(ex.full_state)
    assert len(fig.axes) == 2 and len(fig.axes[1].lines) >= 3
    bundle, _metadata = ex._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert bundle["text/plain"] == ex.summary()
    site = bundle["application/vnd.lossnotes.explorer+json"]
    assert site == {"explorer": "KLPenaltyExplorer", "module": "kl_penalty.js", "title": "A title",
                    "caption": KLPenaltyExplorer.default_caption,
                    "state": {"beta": 1.0, "ref_probs": REF, "rewards": R, "labels": ["a", "b", "c"]}}
    assert ex._esm == (_browser.STATIC / "kl_penalty.js").read_text(encoding="utf-8")


def test_default_labels():
    assert KLPenaltyExplorer([0.5, 0.5], [0.0, 1.0]).labels == ["y₁", "y₂"]
