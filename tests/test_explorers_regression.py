"""The regression explorers of notebook 07 (browser explorers): parameters set from Python, readouts, pictures."""

import doctest

import numpy as np
import pytest
import traitlets

import lossnotes.widgets.regression as regression
from lossnotes.fitting import fit_line, make_line_data
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.regression import RegressionLossExplorer, RobustFitExplorer


@pytest.fixture
def ex():
    return RobustFitExplorer(outlier_size=10.0, beta=1.0, delta=1.0)


def test_doctests():
    assert doctest.testmod(regression).failed == 0


def test_initial_readouts_are_the_fits(ex):
    d = make_line_data(outlier_size=10.0)
    assert ex.values["slope L2"] == pytest.approx(fit_line(d.x, d.y, "l2").slope, rel=1e-14)
    assert ex.values["slope L1"] == pytest.approx(fit_line(d.x, d.y, "l1").slope, rel=1e-14)
    assert ex.values["true slope"] == 0.5
    assert list(ex.values) == list(RobustFitExplorer.QUANTITIES)
    assert ex.summary().splitlines()[0] == "RobustFitExplorer(h = 10.0, β = 1.0, δ = 1.0 [units of y])"
    assert f"slope L2 = {fit_line(d.x, d.y, 'l2').slope:.3f} y per x" in ex.summary()


def test_state_and_data(ex):
    assert ex.state == {"outlier_size": 10.0, "beta": 1.0, "delta": 1.0}
    full = ex.full_state
    d = make_line_data()
    assert full["x"] == d.x.tolist() and full["is_outlier"] == d.is_outlier.tolist()
    assert ex.readouts(full) == ex.values


def test_setting_parameters_refits(ex):
    ex.outlier_size = 18.0
    d = make_line_data(outlier_size=18.0)
    for key, name, kw in (("l2", "L2", {}), ("l1", "L1", {}), ("smooth_l1", "Smooth L1", {"beta": 1.0}),
                          ("huber", "Huber", {"delta": 1.0})):
        assert ex.values[f"slope {name}"] == pytest.approx(fit_line(d.x, d.y, key, **kw).slope, rel=1e-12)
    ex.beta = 2.5
    assert ex.values["slope Smooth L1"] != pytest.approx(ex.values["slope Huber"])
    ex.delta = 2.5  # same threshold: same minimiser, the lines coincide
    assert ex.values["slope Huber"] == pytest.approx(ex.values["slope Smooth L1"], rel=1e-9)


def test_no_outliers_all_agree_roughly(ex):
    ex.outlier_size = 0.0
    slopes = [v for k, v in ex.values.items() if k.startswith("slope")]
    assert max(slopes) - min(slopes) < 0.05


def test_beta_5_tilts_the_line_without_swallowing_the_outliers(ex):
    # Notebook 07's explorer step 4, with the numbers its text quotes.
    d = make_line_data(outlier_size=10.0)
    ex.beta = ex.delta = 5.0
    f = RobustFitExplorer.fits(ex.full_state)["smooth_l1"]
    r = np.abs(d.y - (f.slope * d.x + f.intercept))
    assert np.all(r[d.is_outlier] > 5.0)                      # outliers still outside the zone ...
    assert r[d.is_outlier].min() == pytest.approx(7.38, abs=0.01)
    assert r[d.is_outlier].max() == pytest.approx(9.70, abs=0.01)
    assert np.all(r[~d.is_outlier] < 5.0)                     # ... every clean point inside it
    assert ex.values["slope Smooth L1"] == pytest.approx(0.727, abs=5e-4)
    assert 0.566 < ex.values["slope Smooth L1"] < ex.values["slope L2"] == pytest.approx(0.824, abs=5e-4)
    ex.outlier_size = 5.0                                     # now every residual is below β = δ = 5
    assert ex.values["slope Smooth L1"] == pytest.approx(ex.values["slope L2"], rel=1e-9)
    assert ex.values["slope Huber"] == pytest.approx(ex.values["slope L2"], rel=1e-9)


@pytest.mark.parametrize("key, value", [("beta", 0.0), ("delta", 5.5), ("outlier_size", -1.0), ("outlier_size", 20.5)])
def test_bad_parameters_name_the_argument(ex, key, value):
    with pytest.raises(traitlets.TraitError, match=key):
        setattr(ex, key, value)


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="max_outlier"):
        RobustFitExplorer(max_outlier=0.0)
    with pytest.raises(traitlets.TraitError, match="beta"):
        RobustFitExplorer(beta=9.0)


def test_static_figure_and_bundle(ex):
    fig = RobustFitExplorer.static_figure(ex.full_state)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Smooth L1 (β = 1.0)" in labels and "Huber (δ = 1.0)" in labels
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "image/png" in data and data["text/plain"] == ex.summary()
    spec = data[MIME_TYPE]
    assert spec["module"] == "robust_fit.js" and spec["explorer"] == "RobustFitExplorer"
    assert RobustFitExplorer.readouts(spec["state"]) == ex.values


def test_regression_loss_explorer():
    ex = RegressionLossExplorer(beta=1.0, error=3.0)
    assert ex.values == {"L2 (MSE)": 9.0, "L1": 3.0, "Smooth L1 (β)": 2.5, "Huber (δ = β)": 2.5}
    ex.beta, ex.error = 2.0, -0.5                             # inside the quadratic zone
    assert ex.values == {"L2 (MSE)": 0.25, "L1": 0.5, "Smooth L1 (β)": 0.0625, "Huber (δ = β)": 0.125}
    assert "Huber (δ = β) = 0.1250 (units of y)²" in ex.summary()
    for key, value in (("beta", 0.0), ("error", 3.5)):
        with pytest.raises(traitlets.TraitError, match=key):
            setattr(ex, key, value)
    fig = RegressionLossExplorer.static_figure(ex.full_state)
    assert len(fig.axes[0].get_legend().get_texts()) == 4
    data = ex._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert "image/png" in data and data[MIME_TYPE]["module"] == "regression_loss.js"
