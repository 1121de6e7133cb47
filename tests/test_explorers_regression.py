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
