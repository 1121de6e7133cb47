"""The robust line-fit explorer of notebook 07: sliders set from Python, as a drag would."""

import doctest

import numpy as np
import pytest

import lossnotes.widgets.regression as regression
from lossnotes.fitting import fit_line, make_line_data
from lossnotes.widgets.regression import RobustFitExplorer


@pytest.fixture(scope="module")
def ex():
    return RobustFitExplorer(outlier_size=10.0, beta=1.0, delta=1.0)


def test_doctests():
    assert doctest.testmod(regression).failed == 0


def test_initial_readouts_are_the_fits(ex):
    d = make_line_data(outlier_size=10.0)
    assert ex.values["slope L2"] == pytest.approx(fit_line(d.x, d.y, "l2").slope)
    assert ex.values["slope L1"] == pytest.approx(fit_line(d.x, d.y, "l1").slope)
    assert ex.values["true slope"] == 0.5
    assert ex.readouts["slope L2"] == f"{fit_line(d.x, d.y, 'l2').slope:.3f} y per x"
    assert ex.summary().startswith("RobustFitExplorer(h (outlier shift) [units of y] = 10")


def test_outlier_slider_moves_outliers_and_refits(ex):
    frames = ex.frames
    ex.outlier.value = 18.0
    assert ex.frames == frames + 1  # one tick, one frame
    d = make_line_data(outlier_size=18.0)
    assert np.allclose(ex.outlier_points.get_ydata(), d.y[d.is_outlier])
    for key, name, kw in (("l2", "L2", {}), ("l1", "L1", {}), ("smooth_l1", "Smooth L1", {"beta": 1.0}),
                          ("huber", "Huber", {"delta": 1.0})):
        f = fit_line(d.x, d.y, key, **kw)
        assert ex.values[f"slope {name}"] == pytest.approx(f.slope)
        assert np.allclose(ex.lines[key].get_ydata(), f.slope * np.array([0.0, 10.0]) + f.intercept)
    bars = [b.get_width() for b in ex.slope_bars]
    assert bars[0] == pytest.approx(ex.values["slope L2"])
    ex.outlier.value = 10.0


def test_beta_and_delta_sliders(ex):
    d = make_line_data(outlier_size=10.0)
    ex.beta.value = 2.5
    assert ex.values["slope Smooth L1"] == pytest.approx(fit_line(d.x, d.y, "smooth_l1", beta=2.5).slope)
    assert ex.values["slope Smooth L1"] != pytest.approx(ex.values["slope Huber"])
    frames = ex.frames
    ex.delta.value = 2.5  # same threshold: same minimiser, the lines coincide
    assert ex.frames == frames + 1
    assert ex.values["slope Huber"] == pytest.approx(ex.values["slope Smooth L1"], rel=1e-9)
    assert np.allclose(ex.lines["huber"].get_ydata(), ex.lines["smooth_l1"].get_ydata())
    ex.beta.value = ex.delta.value = 1.0


def test_no_outliers_all_agree_roughly(ex):
    ex.outlier.value = 0.0
    slopes = [v for k, v in ex.values.items() if k.startswith("slope")]
    assert max(slopes) - min(slopes) < 0.05
    assert ex.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    ex.outlier.value = 10.0


def test_beta_5_tilts_the_line_without_swallowing_the_outliers(ex):
    # Notebook 07's explorer step 4, with the numbers its text quotes.
    d = make_line_data(outlier_size=10.0)
    ex.beta.value = ex.delta.value = 5.0
    f = ex.fits["smooth_l1"]
    r = np.abs(d.y - (f.slope * d.x + f.intercept))
    assert np.all(r[d.is_outlier] > 5.0)                      # outliers still outside the zone ...
    assert r[d.is_outlier].min() == pytest.approx(7.38, abs=0.01)
    assert r[d.is_outlier].max() == pytest.approx(9.70, abs=0.01)
    assert np.all(r[~d.is_outlier] < 5.0)                     # ... every clean point inside it
    assert ex.values["slope Smooth L1"] == pytest.approx(0.727, abs=5e-4)
    assert 0.566 < ex.values["slope Smooth L1"] < ex.values["slope L2"] == pytest.approx(0.824, abs=5e-4)
    ex.outlier.value = 5.0                                    # now every residual is below β = δ = 5
    assert ex.values["slope Smooth L1"] == pytest.approx(ex.values["slope L2"], rel=1e-9)
    assert ex.values["slope Huber"] == pytest.approx(ex.values["slope L2"], rel=1e-9)
    ex.outlier.value = 10.0
    ex.beta.value = ex.delta.value = 1.0


def test_legend_shows_the_current_beta_and_delta():
    ex = RobustFitExplorer(outlier_size=10.0, beta=1.0, delta=1.0)
    texts = lambda: [t.get_text() for t in ex.legend.get_texts()]   # noqa: E731
    assert "Smooth L1 (β = 1.0)" in texts() and "Huber (δ = 1.0)" in texts()
    frames = ex.frames
    ex.delta.value = 2.5
    assert "Huber (δ = 2.5)" in texts() and "Smooth L1 (β = 1.0)" in texts()
    assert ex.frames == frames + 1                            # one frame per tick, as for any slider
    ex.beta.value = 0.3
    assert "Smooth L1 (β = 0.3)" in texts() and "Huber (δ = 2.5)" in texts()
