"""The focal-loss and InfoNCE explorers of notebook 09 (browser explorers): parameters, readouts, pictures."""

import doctest
import math

import numpy as np
import pytest
import traitlets

import lossnotes.widgets.practice as practice
from lossnotes import losses
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.practice import ContrastiveExplorer, FocalLossExplorer


def test_doctests():
    assert doctest.testmod(practice).failed == 0


@pytest.fixture
def focal():
    return FocalLossExplorer(gamma=2.0, p_t=0.9)


def test_focal_readouts(focal):
    ex = focal
    assert ex.values["CE = −ln p_t"] == pytest.approx(-math.log(0.9))
    assert ex.values["FL"] == pytest.approx(-(0.1 ** 2) * math.log(0.9))
    assert ex.values["CE / FL"] == pytest.approx(100.0)
    assert ex.values["α_t·FL, positive"] == pytest.approx(0.25 * ex.values["FL"])
    assert ex.values["α_t·FL, negative"] == pytest.approx(0.75 * ex.values["FL"])
    assert list(ex.values) == list(FocalLossExplorer.QUANTITIES)
    texts = ex.texts()
    assert texts["CE / FL"] == "100×"
    assert texts["α_t·FL, positive (α_t = 0.25)"] == "2.634e-04 nats"
    assert texts["α_t·FL, negative (α_t = 0.75)"] == "7.902e-04 nats"
    ex.p_t = 0.5
    assert ex.values["FL"] == pytest.approx(0.25 * math.log(2))
    ex.gamma, ex.p_t = 3.0, 0.9
    assert ex.values["CE / FL"] == pytest.approx(1000.0)


def test_focal_alpha(focal):
    ex = focal
    assert ex.values["negative / positive weight"] == pytest.approx(3.0)
    fl = ex.values["FL"]
    ex.alpha = 0.9
    assert ex.values["α_t·FL, positive"] == pytest.approx(0.9 * fl)
    assert ex.values["α_t·FL, negative"] == pytest.approx(0.1 * fl)
    ex.alpha = 0.0
    assert ex.values["α_t·FL, positive"] == 0.0
    assert ex.values["negative / positive weight"] == math.inf
    assert ex.texts()["negative / positive weight (1 − α)/α"] == "∞×"


@pytest.mark.parametrize("key, value", [("gamma", -0.1), ("gamma", 5.5), ("p_t", 1.0), ("p_t", 0.0), ("alpha", 1.1)])
def test_focal_bad_parameters(focal, key, value):
    with pytest.raises(traitlets.TraitError, match=key):
        setattr(focal, key, value)
    with pytest.raises(ValueError, match="gammas"):
        FocalLossExplorer(gammas=(0.0, -1.0))


def test_focal_static_figure_and_bundle(focal):
    fig = FocalLossExplorer.static_figure(focal.full_state)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "γ = 0 (cross-entropy)" and labels[-2:] == ["γ from the slider (grey band)", "p_t from the slider"]
    data = focal._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "image/png" in data and data["text/plain"] == focal.summary()
    assert data[MIME_TYPE]["module"] == "focal.js" and data[MIME_TYPE]["state"]["gammas"] == [0.0, 0.5, 1.0, 2.0, 5.0]
    assert focal.summary().startswith("FocalLossExplorer(γ = 2.0, p_t = 0.90, α = 0.25)")


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    q = rng.standard_normal((6, 8))
    return q, q + 0.5 * rng.standard_normal((6, 8))


def test_contrastive_matches_info_nce(batch):
    q, k = batch
    ex = ContrastiveExplorer(q, k, temperature=0.1)
    assert ex.values["InfoNCE"] == pytest.approx(float(losses.info_nce(q, k, temperature=0.1)), rel=1e-12)
    assert ex.values["ln N"] == pytest.approx(math.log(6))
    S = np.array(ex.similarity)
    probs = losses.softmax(S / 0.1, axis=1)
    assert ex.values["mean p(positive)"] == pytest.approx(np.mean(np.diag(probs)))
    ex.temperature = 2.0
    assert ex.values["InfoNCE"] == pytest.approx(float(losses.info_nce(q, k, temperature=2.0)), rel=1e-12)
    assert ex.summary().splitlines()[0] == "ContrastiveExplorer(τ = 2.00, N = 6)"


def test_contrastive_bad_input(batch):
    q, k = batch
    with pytest.raises(ValueError, match="shape"):
        ContrastiveExplorer(q, k[:, :4])
    with pytest.raises(traitlets.TraitError, match="temperature"):
        ContrastiveExplorer(q, k, temperature=0.0)


def test_contrastive_static_figure_and_bundle(batch):
    ex = ContrastiveExplorer(*batch)
    fig = ContrastiveExplorer.static_figure(ex.full_state)
    assert len(fig.axes) == 3                                  # matrix, losses, colour bar
    colorbar = [a for a in fig.axes if a not in fig.axes[:2]]
    assert colorbar[0].get_ylabel() == ""                     # no label crowding the loss panel
    data = ex._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "image/png" in data and data[MIME_TYPE]["module"] == "contrastive.js"
    assert ContrastiveExplorer.readouts(data[MIME_TYPE]["state"]) == ex.values
