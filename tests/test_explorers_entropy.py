"""Tests for lossnotes.widgets.entropy: the browser explorers' Python side (state, readouts, picture, summary)."""

import base64
import doctest
import math
import warnings

import numpy as np
import pytest
import traitlets

import lossnotes
import lossnotes.widgets.entropy as entropy_widgets
from lossnotes import information as info
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.entropy import (
    AdditivityExplorer,
    BinaryEntropyExplorer,
    EntropyExplorer,
    SelfInformationExplorer,
)

LN2 = math.log(2)


@pytest.fixture(autouse=True)
def _no_runtime_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def test_doctests():
    result = doctest.testmod(entropy_widgets, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def bundle_of(ex):
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["text/plain"] == ex.summary()
    return data[MIME_TYPE]


# --------------------------------------------------------------------------- self-information


def test_self_information_explorer_readouts():
    ex = SelfInformationExplorer(p=0.5)
    assert ex.values == pytest.approx({"I(p) in bits": 1.0, "I(p) in nats": LN2, "I(p) in hartleys": math.log10(2)})
    ex.p = 0.125  # what the slider does, from Python
    assert ex.values["I(p) in bits"] == 3.0
    assert ex.values["I(p) in nats"] == pytest.approx(3 * LN2)
    assert "I(p) in nats = 2.0794 nats" in ex.summary()


def test_self_information_explorer_extremes():
    ex = SelfInformationExplorer(p=0.3)
    ex.p = 1.0
    assert ex.values == {"I(p) in bits": 0.0, "I(p) in nats": 0.0, "I(p) in hartleys": 0.0}
    ex.p = 0.0
    assert all(math.isinf(v) for v in ex.values.values())
    assert "I(p) in bits = ∞ bits" in repr(ex)
    ex.static_figure(ex.full_state)  # p = 0: the markers leave the plot, no warning


def test_self_information_explorer_units_option():
    # The app's explorer: bits and nats only.
    ex = SelfInformationExplorer(p=0.25, units=("bits", "nats"), ymax=8)
    assert list(ex.values) == ["I(p) in bits", "I(p) in nats"]
    assert ex.full_state == {"p": 0.25, "units": ["bits", "nats"], "ymax": 8.0}
    mime = bundle_of(ex)
    assert mime["module"] == "self_information.js" and mime["explorer"] == "SelfInformationExplorer"
    assert mime["state"]["units"] == ["bits", "nats"]
    fig = ex.static_figure(ex.full_state)
    assert len(fig.axes[0].get_legend().get_texts()) == 2


def test_self_information_explorer_validates():
    with pytest.raises(ValueError, match="p must be <= 1"):
        SelfInformationExplorer(p=1.5)
    with pytest.raises(ValueError, match="ymax"):
        SelfInformationExplorer(ymax=0)
    with pytest.raises(traitlets.TraitError, match="units"):
        SelfInformationExplorer(units=("bits", "bytes"))
    ex = SelfInformationExplorer()
    with pytest.raises(ValueError, match="p must be >= 0"):
        ex.p = -0.1
    assert ex.p == 0.25


# --------------------------------------------------------------------------- additivity


def test_additivity_explorer_logarithm_adds():
    ex = AdditivityExplorer(0.25, 0.5)
    assert ex.values == {"P(p1·p2)": 0.125, "f(p1)": 2.0, "f(p2)": 1.0, "f(p1) + f(p2)": 3.0, "f(p1·p2)": 3.0,
                         "gap": 0.0}
    ex.p1 = 0.1
    i1 = -math.log2(0.1)
    assert ex.values["f(p1) + f(p2)"] == pytest.approx(i1 + 1)
    assert ex.values["f(p1·p2)"] == pytest.approx(i1 + 1) and ex.values["gap"] == 0.0
    text = ex.summary()
    assert "I(final) = 3.3219 bits" in text
    assert text.endswith("I(champion) − [I(final) + I(wins final | final)] = 0.0000 bits: adds up")


def test_additivity_explorer_labels_name_the_events():
    ex = AdditivityExplorer(0.25, 0.5)
    assert ex.names == ["final", "wins final | final", "champion"]
    labels = ex.labels(ex.full_state)
    assert labels["f(p2)"] == "I(wins final | final)" and labels["P(p1·p2)"] == "P(champion)"
    ex.f = "1 / p"
    assert ex.labels(ex.full_state)["f(p1)"] == "f(final)"
    fig = ex.static_figure(ex.full_state)
    assert "no unit" in fig.axes[0].get_xlabel()
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2] == ["f(final)", "f(wins final | final)"]
    lossnotes.set_language("zh")
    try:
        zh = AdditivityExplorer(0.25, 0.5)
        assert zh.names[1] == "赢下决赛 | 进决赛"
        assert "I(进决赛) + I(赢下决赛 | 进决赛)" in zh.summary()
    finally:
        lossnotes.set_language("en")


@pytest.mark.parametrize(("key", "fn"), [("1 - p", lambda t: 1 - t), ("1 / p", lambda t: 1 / t)])
def test_additivity_explorer_other_candidates_fail_the_test(key, fn):
    ex = AdditivityExplorer(0.25, 0.5)
    ex.f = key  # the student's button press, from Python
    f1, f2, fj = fn(0.25), fn(0.5), fn(0.125)
    v = ex.values
    assert v["f(p1)"] == pytest.approx(f1) and v["f(p2)"] == pytest.approx(f2)
    assert v["f(p1·p2)"] == pytest.approx(fj)
    assert v["gap"] == pytest.approx(fj - (f1 + f2)) and abs(v["gap"]) > 0.1
    assert ex.summary().endswith(": does not add up")
    ex.p2 = 0.2  # moving a slider keeps the chosen f
    assert ex.values["f(p1·p2)"] == pytest.approx(fn(0.25 * 0.2))


def test_additivity_explorer_natural_log_adds_in_nats():
    ex = AdditivityExplorer(0.25, 0.5, f="-ln p")
    assert ex.values["f(p1·p2)"] == pytest.approx(math.log(8)) and ex.values["gap"] == 0.0
    assert "I(final) = 1.3863 nats" in ex.summary()
    assert "[nats]" in ex.static_figure(ex.full_state).axes[0].get_xlabel()


def test_additivity_explorer_coincidences_are_pointwise_only():
    # 1/p adds up exactly on the line p1 + p2 = 1, 1 - p when one event is certain; nowhere else.
    ex = AdditivityExplorer(0.5, 0.5, f="1 / p")
    assert ex.values["gap"] == 0.0 and ex.summary().endswith(": adds up")
    ex.p2 = 0.4
    assert ex.values["gap"] == pytest.approx((1 - 0.5 - 0.4) / (0.5 * 0.4))
    ex.f = "1 - p"
    assert ex.values["gap"] == pytest.approx(-(1 - 0.5) * (1 - 0.4))
    ex.p2 = 1.0
    assert ex.values["gap"] == 0.0


def test_additivity_explorer_validates_and_saves():
    with pytest.raises(ValueError, match="p1 must be >= 0.01"):
        AdditivityExplorer(0.0, 0.5)
    with pytest.raises(ValueError, match="names"):
        AdditivityExplorer(0.5, 0.5, names=("a", "b"))
    with pytest.raises(ValueError, match="f must be one of"):
        AdditivityExplorer(0.5, 0.5, f="log p")
    mime = bundle_of(AdditivityExplorer(0.25, 0.5, names=("A", "B | A", "AB")))
    assert mime["state"] == {"p1": 0.25, "p2": 0.5, "f": "-log2 p", "names": ["A", "B | A", "AB"]}


# --------------------------------------------------------------------------- binary entropy


def test_binary_entropy_explorer_endpoints_are_zero_not_nan():
    ex = BinaryEntropyExplorer(0.3)
    for p in (0.0, 1.0):
        ex.p = p
        assert ex.values["H(p) in bits"] == 0.0 and ex.values["H(p) in nats"] == 0.0
    assert ex.values["I(heads) in bits"] == 0.0 and ex.values["I(tails) in bits"] == math.inf
    assert "I(tails) = ∞ bits" in ex.summary()
    line = ex.static_figure(ex.full_state).axes[0].get_lines()[0]
    y = line.get_ydata()
    assert not np.isnan(y).any() and y[0] == 0 and y[-1] == 0


def test_binary_entropy_explorer_values():
    ex = BinaryEntropyExplorer(0.1)
    assert ex.values["H(p) in bits"] == pytest.approx(0.4689955935892812)
    ex.p = 0.5
    assert ex.values == {"H(p) in bits": 1.0, "H(p) in nats": LN2, "I(heads) in bits": 1.0, "I(tails) in bits": 1.0}
    assert bundle_of(ex)["state"] == {"p": 0.5}
    with pytest.raises(ValueError, match="p must be <= 1"):
        BinaryEntropyExplorer(2)


# --------------------------------------------------------------------------- distribution editor


def test_entropy_explorer_readouts():
    ex = EntropyExplorer([1 / 3, 1 / 3, 1 / 3])
    assert ex.values["H(p)"] == pytest.approx(math.log2(3))
    assert ex.values["log₂ n"] == math.log2(3)
    ex.p = [0.7, 0.2, 0.1]
    h = float(info.entropy([0.7, 0.2, 0.1]))
    assert ex.values["H(p)"] == h and ex.values["H(p) in nats"] == pytest.approx(h * LN2)
    np.testing.assert_allclose(ex.surprise, -np.log2([0.7, 0.2, 0.1]))
    assert ex.contribution.sum() == pytest.approx(h)
    assert f"H(p) = {h:.4f} bits" in ex.summary()


def test_entropy_explorer_zero_probability_is_infinite_surprise_zero_contribution():
    ex = EntropyExplorer([0.5, 0.25, 0.25])
    ex.p = [0.5, 0.5, 0.0]
    assert ex.values["H(p)"] == 1.0
    assert np.isinf(ex.surprise[2]) and ex.contribution[2] == 0.0
    assert ex.summary().endswith("I(x) = (1.00, 1.00, ∞) bits")
    fig = ex.static_figure(ex.full_state)
    assert "∞" in [t.get_text() for t in fig.axes[1].texts]
    assert max(b.get_height() for b in fig.axes[1].patches) == ex.ymax  # drawn to the top, not to inf


def test_entropy_explorer_certain_and_uniform():
    ex = EntropyExplorer([1 / 8] * 8, list("ABCDEFGH"))
    assert ex.values["H(p)"] == 3.0
    ex.p = [1, 0, 0, 0, 0, 0, 0, 0]
    assert ex.values["H(p)"] == 0.0
    ex.p = [1 / 2, 1 / 4, 1 / 8, 1 / 16] + [1 / 64] * 4
    assert ex.values["H(p)"] == pytest.approx(2.0)
    np.testing.assert_allclose(ex.surprise, [1, 2, 3, 4, 6, 6, 6, 6])
    assert ex.summary().startswith("EntropyExplorer(p = (0.5, 0.25, 0.125, 0.0625, 0.01562")
    mime = bundle_of(ex)
    assert mime["state"]["labels"] == list("ABCDEFGH") and mime["module"] == "entropy.js"


def test_entropy_explorer_validates():
    with pytest.raises(ValueError, match="p does not sum to 1"):
        EntropyExplorer([0.5, 0.4])
    with pytest.raises(ValueError, match="ymax"):
        EntropyExplorer([0.5, 0.5], ymax=-1)
    ex = EntropyExplorer([0.5, 0.5])
    with pytest.raises(traitlets.TraitError, match="p must have 2 entries"):
        ex.p = [0.2, 0.3, 0.5]
    assert EntropyExplorer([0.5] * 2).ymax == 8 and EntropyExplorer([1 / 1024] * 1024).ymax == 12
