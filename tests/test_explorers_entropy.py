"""Tests for lossnotes.widgets.entropy: readouts, plotted artists and one frame per tick."""

import doctest
import math
import warnings

import numpy as np
import pytest

import lossnotes.widgets.entropy as entropy_widgets
from lossnotes import information as info
from lossnotes.widgets.entropy import (
    AdditivityExplorer,
    EntropyExplorer,
    SelfInformationExplorer,
    binary_entropy_explorer,
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


# --------------------------------------------------------------------------- self-information


def test_self_information_explorer_tick():
    ex = SelfInformationExplorer(p=0.5)
    assert ex.values["I(p) in bits"] == pytest.approx(1.0)
    frames = ex.frames
    ex.p.value = 0.125
    assert ex.frames == frames + 1
    assert ex.values["I(p) in bits"] == pytest.approx(3.0)
    assert ex.values["I(p) in nats"] == pytest.approx(3 * LN2)
    assert ex.values["I(p) in hartleys"] == pytest.approx(3 * math.log10(2))
    assert ex.readouts["I(p) in nats"] == "2.0794 nats"
    # markers sit on the curves at p
    for marker, v in zip(ex.markers, [3.0, 3 * LN2, 3 * math.log10(2)]):
        xd, yd = marker.get_data()
        assert xd[0] == pytest.approx(0.125) and yd[0] == pytest.approx(v)
    assert list(ex.vline.get_xdata()) == [0.125, 0.125]
    assert "3.000 bits" in ex.value_text.get_text()
    assert not ex.inf_text.get_visible()


def test_self_information_explorer_extremes():
    ex = SelfInformationExplorer(p=0.3)
    ex.p.value = 1.0
    assert ex.values == {"I(p) in bits": 0.0, "I(p) in nats": 0.0, "I(p) in hartleys": 0.0}
    ex.p.value = 0.0
    assert all(math.isinf(v) for v in ex.values.values())
    assert ex.readouts["I(p) in bits"] == "∞ bits"
    assert ex.inf_text.get_visible()
    assert "I(p) in bits = ∞ bits" in repr(ex)


def test_self_information_explorer_validates():
    with pytest.raises(ValueError, match="p must be <= 1"):
        SelfInformationExplorer(p=1.5)
    with pytest.raises(ValueError, match="ymax"):
        SelfInformationExplorer(ymax=0)


# --------------------------------------------------------------------------- additivity


def test_additivity_explorer():
    ex = AdditivityExplorer(0.25, 0.5)
    v = ex.values
    assert v["P(champion)"] == pytest.approx(0.125)
    assert v["I(final)"] == pytest.approx(2.0)
    assert v["I(wins final | final)"] == pytest.approx(1.0)
    assert v["I(champion)"] == pytest.approx(3.0)
    frames = ex.frames
    ex.p1.value = 0.1
    assert ex.frames == frames + 1
    i1, i2 = -math.log2(0.1), 1.0
    assert ex.values["I(final) + I(wins final | final)"] == pytest.approx(i1 + i2)
    assert ex.values["I(champion)"] == pytest.approx(i1 + i2)
    s1, s2, sj = ex.seg1.patches[0], ex.seg2.patches[0], ex.joint_bar.patches[0]
    assert s1.get_width() == pytest.approx(i1)
    assert s2.get_x() == pytest.approx(i1) and s2.get_width() == pytest.approx(i2)
    assert sj.get_width() == pytest.approx(i1 + i2)
    assert ex.readouts["I(champion)"] == f"{i1 + i2:.4f} bits"


def test_additivity_explorer_validates():
    with pytest.raises(ValueError, match="p1"):
        AdditivityExplorer(0.0, 0.5)
    with pytest.raises(ValueError, match="names"):
        AdditivityExplorer(0.5, 0.5, names=("a", "b"))
    with pytest.raises(ValueError, match="f must be one of"):
        AdditivityExplorer(0.5, 0.5, f="log p")


def test_additivity_explorer_sliders_carry_the_probability_unit():
    ex = AdditivityExplorer(0.25, 0.5)
    assert ex.p1.description == "P(final) [probability]"
    assert ex.p2.description == "P(wins final | final) [probability]"


def test_additivity_explorer_names_the_second_step_as_conditional():
    # Issue 16: the 1/2 is P(wins final | final); unconditionally, winning the final is as rare as the title.
    import lossnotes

    ex = AdditivityExplorer(0.25, 0.5)
    assert [t.get_text() for t in ex.ax.get_yticklabels()] == ["champion\n(computed directly)",
                                                               "step by step\n(stacked)"]
    assert [t.get_text() for t in ex.ax.get_legend().get_texts()][:2] == ["I(final)", "I(wins final | final)"]
    lossnotes.set_language("zh")
    try:
        zh = AdditivityExplorer(0.25, 0.5)
        assert zh.p2.description.startswith("P(赢下决赛 | 进决赛)")
        assert "I(进决赛) + I(赢下决赛 | 进决赛)" in zh.readouts
    finally:
        lossnotes.set_language("en")


@pytest.mark.parametrize(
    ("key", "fn"),
    [("1 - p", lambda t: 1 - t), ("1 / p", lambda t: 1 / t)],
)
def test_additivity_explorer_other_candidates_fail_the_test(key, fn):
    ex = AdditivityExplorer(0.25, 0.5)
    frames = ex.frames
    ex.f.value = key  # the student's button press, from Python
    assert ex.frames == frames + 1
    f1, f2, fj = fn(0.25), fn(0.5), fn(0.125)
    v = ex.values
    assert v["f(final)"] == pytest.approx(f1) and v["f(wins final | final)"] == pytest.approx(f2)
    assert v["f(champion)"] == pytest.approx(fj)
    assert v["gap"] == pytest.approx(fj - (f1 + f2)) and abs(v["gap"]) > 0.1
    assert "I(champion)" not in v  # not an information: no I(...) names
    assert ex.readouts["check"].endswith(": does not add up")
    assert ex.t_check.get_text() == "does not add up ✗"
    # the bars show the candidate's values, and the stacked end is marked where the joint bar should end
    s1, s2, sj = ex.seg1.patches[0], ex.seg2.patches[0], ex.joint_bar.patches[0]
    assert s1.get_width() == pytest.approx(f1) and s2.get_x() == pytest.approx(f1)
    assert s2.get_width() == pytest.approx(f2) and sj.get_width() == pytest.approx(fj)
    assert list(ex.sum_line.get_xdata()) == pytest.approx([f1 + f2, f1 + f2])
    assert "no unit" in ex.ax.get_xlabel()
    assert ex.ax.get_legend().get_texts()[0].get_text() == "f(final)"
    # moving a slider keeps the chosen f
    ex.p2.value = 0.2
    assert ex.values["f(champion)"] == pytest.approx(fn(0.25 * 0.2))


def test_additivity_explorer_natural_log_adds_in_nats():
    ex = AdditivityExplorer(0.25, 0.5, f="1 / p")
    assert ex.readouts["check"].endswith("does not add up")
    ex.f.value = "-ln p"
    assert ex.values["I(champion)"] == pytest.approx(math.log(8))
    assert ex.values["gap"] == 0.0
    assert ex.readouts["I(final)"] == f"{math.log(4):.4f} nats"
    assert ex.readouts["check"] == "I(champion) − [I(final) + I(wins final | final)] = 0.0000 nats: adds up"
    assert ex.t_check.get_text() == "adds up ✓"
    assert "[nats]" in ex.ax.get_xlabel()
    ex.f.value = "-log2 p"
    assert ex.values["I(champion)"] == pytest.approx(3.0)
    assert ex.ax.get_xlim()[1] == pytest.approx(2 * math.log2(100) + 2.5)


def test_additivity_explorer_coincidences_are_pointwise_only():
    # 1/p adds up exactly on the line p1 + p2 = 1, 1 - p when one event is certain; nowhere else.
    ex = AdditivityExplorer(0.5, 0.5, f="1 / p")
    assert ex.values["gap"] == 0.0 and ex.readouts["check"].endswith(": adds up")
    ex.p2.value = 0.4
    assert ex.values["gap"] == pytest.approx((1 - 0.5 - 0.4) / (0.5 * 0.4))
    ex.f.value = "1 - p"
    assert ex.values["gap"] == pytest.approx(-(1 - 0.5) * (1 - 0.4))
    ex.p2.value = 1.0
    assert ex.values["gap"] == 0.0


# --------------------------------------------------------------------------- binary entropy


def test_binary_entropy_explorer_endpoints_are_zero_not_nan():
    ex = binary_entropy_explorer(0.3)
    line = next(iter(ex.lines.values()))
    y = line.get_ydata()
    assert not np.isnan(y).any() and y[0] == 0 and y[-1] == 0
    for p in (0.0, 1.0):
        frames = ex.frames
        ex.params["p"].value = p
        assert ex.frames == frames + 1
        assert ex.values["H(p) [bits]"] == 0.0
        assert ex.readouts["H(p) [bits]"] == "0.0000"
        (marker,) = ex.points.values()
        assert marker.get_data()[1][0] == 0.0
    assert ex.readouts["I(heads) [bits]"] == "0.0000" and ex.readouts["I(tails) [bits]"] == "∞"


def test_binary_entropy_explorer_values():
    ex = binary_entropy_explorer(0.1)
    assert ex.values["H(p) [bits]"] == pytest.approx(0.4689955935892812)
    ex.params["p"].value = 0.5
    assert ex.values["H(p) [bits]"] == pytest.approx(1.0)
    assert ex.values["H(p) [nats]"] == pytest.approx(LN2)
    (marker,) = ex.points.values()
    assert tuple(c[0] for c in marker.get_data()) == pytest.approx((0.5, 1.0))


# --------------------------------------------------------------------------- distribution editor


def test_entropy_explorer_sliders_update_bars_and_readouts():
    ex = EntropyExplorer([1 / 3, 1 / 3, 1 / 3])
    assert ex.values["H(p)"] == pytest.approx(math.log2(3))
    assert ex.values["log₂ n"] == pytest.approx(math.log2(3))
    frames = ex.frames
    ex.editor.sliders[0].value = 0.7
    assert ex.frames == frames + 1  # one tick, one frame, although the editor moved other sliders
    ex.editor.sliders[1].value = 0.2
    assert ex.frames == frames + 2
    p = np.array([0.7, 0.2, 0.1])
    np.testing.assert_allclose(ex.editor.value, p)
    h = float(info.entropy(p))
    assert ex.values["H(p)"] == pytest.approx(h)
    assert ex.values["H(p) in nats"] == pytest.approx(h * LN2)
    assert ex.readouts["H(p)"] == f"{h:.4f} bits"
    np.testing.assert_allclose([b.get_height() for b in ex.prob_bars], p)
    np.testing.assert_allclose([b.get_height() for b in ex.surprise_bars], -np.log2(p))
    np.testing.assert_allclose([b.get_height() for b in ex.contrib_bars], -p * np.log2(p))
    assert ex.contribution.sum() == pytest.approx(h)
    assert list(ex.h_line.get_ydata()) == pytest.approx([h, h])
    assert ex.h_text.get_text() == f"H = {h:.3f} bits"


def test_entropy_explorer_zero_probability_is_infinite_surprise_zero_contribution():
    ex = EntropyExplorer([0.5, 0.25, 0.25])
    ex.editor.set_value([0.5, 0.5, 0.0])
    assert ex.values["H(p)"] == pytest.approx(1.0)
    assert np.isinf(ex.surprise[2]) and ex.contribution[2] == 0.0
    assert not np.isnan(ex.contribution).any()
    bar = ex.surprise_bars.patches[2]
    assert bar.get_height() == ex.ymax  # drawn to the top, not to inf
    assert ex.surprise_texts[2].get_visible() and ex.surprise_texts[2].get_text() == "∞"
    assert not ex.surprise_texts[0].get_visible()
    assert ex.readouts["I(x)"] == "(1.00, 1.00, ∞) bits"


def test_entropy_explorer_certain_and_uniform():
    ex = EntropyExplorer([1 / 8] * 8, list("ABCDEFGH"))
    assert ex.values["H(p)"] == pytest.approx(3.0)
    ex.editor.set_value([1, 0, 0, 0, 0, 0, 0, 0])
    assert ex.values["H(p)"] == 0.0
    skewed = [1 / 2, 1 / 4, 1 / 8, 1 / 16] + [1 / 64] * 4
    ex.editor.set_value(skewed)
    assert ex.values["H(p)"] == pytest.approx(2.0)
    np.testing.assert_allclose(ex.surprise, [1, 2, 3, 4, 6, 6, 6, 6])
    assert ex.summary().startswith("EntropyExplorer(p = (0.5, 0.25, 0.125, 0.0625, 0.01562")


def test_entropy_explorer_clipped_surprise_is_labelled():
    ex = EntropyExplorer([0.999, 0.001], ymax=5)
    s = -math.log2(0.001)
    assert ex.surprise_bars.patches[1].get_height() == 5
    assert ex.surprise_texts[1].get_visible() and ex.surprise_texts[1].get_text() == f"{s:.2f}"


def test_entropy_explorer_validates():
    with pytest.raises(ValueError, match="p does not sum to 1"):
        EntropyExplorer([0.5, 0.4])
    with pytest.raises(ValueError, match="ymax"):
        EntropyExplorer([0.5, 0.5], ymax=-1)
