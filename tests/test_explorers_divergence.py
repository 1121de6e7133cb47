"""Tests for lossnotes.widgets.divergence: the coding picture and the forward/reverse KL fits.

Each explorer is built, its sliders are moved from Python, and the readouts
and the plotted artists are checked against numbers computed independently
(lossnotes.coding / lossnotes.information); one tick must render one frame.
"""

import doctest
import math

import numpy as np
import pytest

import lossnotes.widgets.divergence as div
from lossnotes import coding
from lossnotes import information as info
from lossnotes.gaussian_fit import (
    NormalFitGrid,
    describe_local_minima,
    discretised_normal,
    mixture_modes,
    reverse_basin_onset,
    reverse_fit_jump,
    two_peak_mixture,
    unimodal_threshold,
)
from lossnotes.widgets.divergence import (
    CodeBars,
    CodingExplorer,
    MixtureFitExplorer,
    NormalFitExplorer,
    code_length_figure,
    kl_landscape_figure,
)

WEATHER = ["sunny", "cloudy", "rain", "fog"]
P = [0.6, 0.25, 0.1, 0.05]
Q = [0.15, 0.45, 0.3, 0.1]


@pytest.fixture(scope="module")
def fit():
    # A coarser grid than the notebook's keeps the tests fast; same code paths.
    x = np.linspace(-12, 12, 241)
    return NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4.5, 41))


def test_doctests_pass():
    result = doctest.testmod(div, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 20 and result.failed == 0


@pytest.mark.parametrize("name", div.__all__)
def test_docstrings_name_the_notebook(name):
    doc = getattr(div, name).__doc__
    assert "Introduced in notebook ``03_cross_entropy``" in doc or "Introduced in notebook ``04_kl_and_js_divergence``" in doc


# --------------------------------------------------------------------------- coding picture


def _expected_coding_values(p, q):
    return {
        "H(p)": float(info.entropy(p)),
        "L(p's code)": float(coding.expected_length(p, coding.huffman_code(p))),
        "H(p,q)": float(info.cross_entropy(p, q)),
        "L(q's code)": float(coding.expected_length(p, coding.huffman_code(q))),
    }


def _mime(ex):
    bundle = ex._repr_mimebundle_()
    return bundle[0] if isinstance(bundle, tuple) else bundle


def test_coding_explorer_state_readouts_and_summary():
    ex = CodingExplorer(P, Q, labels=WEATHER)
    assert ex.state == {"p": P, "q": Q} and ex.full_state["labels"] == WEATHER
    assert list(ex.values) == list(CodingExplorer.QUANTITIES)
    assert ex.values == pytest.approx(_expected_coding_values(P, Q))
    # Hand-worked: q's Huffman lengths are (3, 1, 2, 3), so L = 0.6·3 + 0.25·1 + 0.1·2 + 0.05·3 = 2.4 bits.
    assert ex.values["L(q's code)"] == pytest.approx(2.4)
    lines = ex.summary().splitlines()
    assert lines[0] == "CodingExplorer(p = (0.6, 0.25, 0.1, 0.05), q = (0.15, 0.45, 0.3, 0.1))"
    assert "  L(q's code) = 2.4000 bits" in lines
    assert lines[-1] == "  q's code = sunny:101 cloudy:0 rain:11 fog:100"
    assert ex._module == "coding.js" and ex.caption


def test_coding_explorer_traitlets_follow_python():
    ex = CodingExplorer(P, Q, labels=WEATHER)
    ex.q = [0.45, 0.25, 0.2, 0.1]
    assert ex.values == pytest.approx(_expected_coding_values(P, [0.45, 0.25, 0.2, 0.1]))
    ex.p = [0.25] * 4
    assert ex.values["H(p)"] == pytest.approx(2.0)
    ex.q = [0.0, 0.5, 0.3, 0.2]  # q = 0 < p: infinite cross-entropy, but the code still has a codeword
    assert ex.values["H(p,q)"] == math.inf and math.isfinite(ex.values["L(q's code)"])
    ex.q = ex.p
    assert ex.values["L(q's code)"] == ex.values["L(p's code)"]


def test_coding_explorer_rejects_bad_input():
    with pytest.raises(ValueError, match="same number of outcomes"):
        CodingExplorer([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="p"):
        CodingExplorer([0.5, 0.6], [0.5, 0.5])
    ex = CodingExplorer(P, Q, labels=WEATHER)
    with pytest.raises(Exception, match="q must have 4 entries"):
        ex.q = [0.5, 0.5]
    with pytest.raises(ValueError, match="labels"):
        CodingExplorer(P, Q, labels=["a", "b"])


def test_coding_explorer_static_figure_and_mime_bundle():
    ex = CodingExplorer(P, Q, labels=WEATHER)
    fig = CodingExplorer.static_figure(ex.full_state)
    ax = fig.axes[0]
    bars = [pt for pt in ax.patches][:4]
    assert [b.get_width() for b in bars] == pytest.approx(P)
    assert [b.get_height() for b in bars] == [3, 1, 2, 3]
    data = _mime(ex)
    assert "image/png" in data and data["text/plain"] == ex.summary()
    spec = data["application/vnd.lossnotes.explorer+json"]
    assert spec["module"] == "coding.js" and spec["state"] == {"p": P, "q": Q, "labels": WEATHER}


def test_code_length_figure_panels_and_errors():
    london = coding.huffman_code(Q, WEATHER)
    madrid = coding.huffman_code(P, WEATHER)
    fig = code_length_figure(P, [london, madrid], ideal_q=[Q, None])
    ax0, ax1 = fig.axes
    heights = [round(p.get_height()) for p in ax0.patches]
    assert heights == [3, 1, 2, 3]
    assert [round(p.get_height()) for p in ax1.patches] == madrid.lengths.tolist()
    assert len(ax0.lines) == 2 and len(ax1.lines) == 1  # dashed q-ideal + dotted p-ideal; only p-ideal
    assert ax0.get_title() == "L = 2.4000 bits (H(p) = 1.4905 bits)"
    assert len(fig.legends) == 1
    with pytest.raises(ValueError, match="codes is empty"):
        code_length_figure(P, [])
    with pytest.raises(ValueError, match="3 codewords but p has 4"):
        code_length_figure(P, [coding.huffman_code([0.5, 0.25, 0.25])])
    with pytest.raises(TypeError, match="PrefixCode"):
        code_length_figure(P, [[1, 2, 3, 3]])
    with pytest.raises(ValueError, match="^p does not sum to 1"):
        code_length_figure([0.5, 0.6, 0, 0], [london])


def test_code_bars_rejects_unknown_ideal_kind():
    from lossnotes import plots

    _, ax = plots.new_figure()
    with pytest.raises(ValueError, match="'q' or 'p'"):
        CodeBars(ax, 3, ymax=4, ideals=("r",))


# --------------------------------------------------------------------------- Gaussians on a grid


def test_discretised_normal_and_mixture():
    x = np.linspace(-10, 10, 401)
    q = discretised_normal(x, 1.0, 2.0)
    assert q.sum() == pytest.approx(1.0, abs=1e-12)
    assert q @ x == pytest.approx(1.0, abs=1e-4)  # the grid cuts the tails unevenly
    assert q @ (x - 1.0) ** 2 == pytest.approx(4.0, rel=1e-4)
    assert discretised_normal(x, [0.0, 1.0, 2.0], 1.0).shape == (3, 401)
    p = two_peak_mixture(x, 6.0, 0.25)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert p @ x == pytest.approx(0.25 * -3 + 0.75 * 3, abs=1e-9)
    assert p @ (x - p @ x) ** 2 == pytest.approx(1 + 36 * 0.25 * 0.75, rel=1e-6)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        discretised_normal(x, 0.0, 0.0)
    with pytest.raises(ValueError, match="x must be strictly increasing"):
        discretised_normal(x[::-1], 0.0, 1.0)
    with pytest.raises(ValueError, match="weight must be <= 1"):
        two_peak_mixture(x, 2.0, 1.5)
    with pytest.raises(ValueError, match="separation must be >= 0"):
        two_peak_mixture(x, -1.0, 0.5)


def _density_stationary_points(d, w, s=1.0):
    """Brute force: sign changes of the finite-difference slope of the continuous mixture density."""
    t = np.linspace(-d / 2 - 4 * s, d / 2 + 4 * s, 400_001)
    f = w * np.exp(-0.5 * ((t + d / 2) / s) ** 2) + (1 - w) * np.exp(-0.5 * ((t - d / 2) / s) ** 2)
    df = np.diff(f)
    turn = np.flatnonzero(np.signbit(df[:-1]) != np.signbit(df[1:])) + 1
    return t[turn]


@pytest.mark.parametrize("d, w, s", [(5.0, 0.4, 1.0), (2.0, 0.4, 1.0), (3.0, 0.5, 1.0), (2.6, 0.4, 1.0),
                                     (6.0, 0.2, 2.0), (1.0, 0.9, 0.5)])
def test_mixture_modes_against_brute_force(d, w, s):
    peaks, valleys = mixture_modes(d, w, s)
    expected = _density_stationary_points(d, w, s)
    got = np.sort(np.concatenate([peaks, valleys]))
    assert got == pytest.approx(expected, abs=1e-3)
    assert len(peaks) == len(valleys) + 1
    if len(valleys):
        assert peaks[0] < valleys[0] < peaks[1]


def test_mixture_at_five_apart_has_two_clear_peaks():
    # The issue-9 numbers: w = 0.4, d = 5: peaks of density 0.16 and 0.24, valley about 0.02.
    peaks, valleys = mixture_modes(5.0, 0.4)
    dens = lambda t: (0.4 * np.exp(-0.5 * (t + 2.5) ** 2) + 0.6 * np.exp(-0.5 * (t - 2.5) ** 2)) / math.sqrt(2 * math.pi)
    assert dens(peaks) == pytest.approx([0.1596, 0.2394], abs=1e-3)
    assert dens(valleys) == pytest.approx([0.0171], abs=1e-3)


def test_unimodal_threshold():
    assert unimodal_threshold(0.5) == 2.0  # the classical equal-weight result: d* = 2 sigma
    d = unimodal_threshold(0.4)
    assert d == pytest.approx(2.4427, abs=1e-4)
    assert unimodal_threshold(0.6) == pytest.approx(d, rel=1e-12)  # mirror image
    assert unimodal_threshold(0.4, width=2.0) == pytest.approx(2 * d, rel=1e-12)
    assert len(mixture_modes(d - 1e-3, 0.4)[0]) == 1 and len(mixture_modes(d + 1e-3, 0.4)[0]) == 2
    assert len(_density_stationary_points(d - 0.01, 0.4)) == 1
    assert len(_density_stationary_points(d + 0.01, 0.4)) == 3
    ws = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert np.all(np.diff([unimodal_threshold(w) for w in ws]) < 0)  # more unequal: harder to split
    with pytest.raises(ValueError, match="weight must be < 1"):
        unimodal_threshold(1.0)
    with pytest.raises(ValueError, match="width must be > 0"):
        mixture_modes(2.0, 0.5, width=0.0)


def test_reverse_fit_jump(fit):
    d = reverse_fit_jump(fit, 0.4)
    assert 4.9 < d < 5.2  # well past the 2.44 where the target gets its second peak
    covering = fit.best(two_peak_mixture(fit.x, d - 0.05, 0.4), "reverse")
    one_peak = fit.best(two_peak_mixture(fit.x, d + 0.05, 0.4), "reverse")
    assert abs(covering[0]) < 1 and covering[1] > 2  # broad, near the middle
    assert one_peak[0] == pytest.approx((d + 0.05) / 2, abs=0.2) and one_peak[1] == pytest.approx(1.0, abs=0.15)
    with pytest.raises(TypeError, match="NormalFitGrid"):
        reverse_fit_jump("grid", 0.4)
    with pytest.raises(ValueError, match="does not switch"):
        reverse_fit_jump(fit, 0.4, separation_range=(0.0, 3.0))


def test_reverse_basin_onset_comes_before_the_jump(fit):
    steps = np.round(np.arange(0.0, 8.01, 0.1), 1)
    d = reverse_basin_onset(fit, 0.4, steps)
    assert unimodal_threshold(0.4) < d < reverse_fit_jump(fit, 0.4)  # a second basin before the best fit jumps
    n_minima = lambda sep: len(fit.local_minima(two_peak_mixture(fit.x, sep, 0.4), "reverse"))
    assert n_minima(d) >= 2 and all(n_minima(e) == 1 for e in steps[steps < d][-5:])
    assert reverse_basin_onset(fit, 0.4, [d + 0.5, d]) == d + 0.5  # in the order given
    with pytest.raises(TypeError, match="NormalFitGrid"):
        reverse_basin_onset("grid", 0.4, steps)
    with pytest.raises(ValueError, match="single local minimum at every separation from 0 to 3"):
        reverse_basin_onset(fit, 0.4, np.linspace(0.0, 3.0, 4))
    with pytest.raises(ValueError, match="weight must be < 1"):
        reverse_basin_onset(fit, 1.0, steps)


def test_describe_local_minima_in_both_languages(fit):
    import lossnotes

    p = two_peak_mixture(fit.x, 7.0, 0.4)
    minima = fit.local_minima(p, "reverse")
    listed = ", ".join(f"({m:.1f}, {s:.1f}, {k:.4f})" for m, s, k in minima)
    assert len(minima) == 3
    assert describe_local_minima(fit, p, "reverse") == f"reverse KL(q‖p) has 3 local minima (μ, σ, KL in nats): {listed}"
    assert describe_local_minima(fit, p).startswith("forward KL(p‖q) has 1 local minimum (μ, σ, KL in nats): (")
    try:
        lossnotes.set_language("zh")
        assert describe_local_minima(fit, p, "reverse") == f"反向 KL(q‖p) 有 3 个局部极小值（μ、σ、KL，单位为奈特）：{listed}"
        assert describe_local_minima(fit, p, "forward").startswith("前向 KL(p‖q) 有 1 个局部极小值（")
    finally:
        lossnotes.set_language("en")
    with pytest.raises(ValueError, match="direction must be 'forward' or 'reverse'"):
        describe_local_minima(fit, p, "backward")
    with pytest.raises(TypeError, match="NormalFitGrid"):
        describe_local_minima(None, p)


def test_fit_surfaces_match_information_module(fit):
    p = two_peak_mixture(fit.x, 6.0, 0.4)
    fwd = fit.kl_surface(p, "forward")
    rev = fit.kl_surface(p, "reverse")
    assert fwd.shape == rev.shape == (51, 41)
    for i, j in [(0, 0), (10, 5), (25, 20), (50, 40), (33, 7)]:
        q = fit.candidate(fit.mus[i], fit.sigmas[j])
        assert fwd[i, j] == pytest.approx(float(info.kl_divergence(p, q, base="nats")), rel=1e-9, abs=1e-9)
        assert rev[i, j] == pytest.approx(float(info.kl_divergence(q, p, base="nats")), rel=1e-9, abs=1e-9)


def test_fit_forward_is_moment_matching_and_reverse_seeks_the_heavier_mode(fit):
    p = two_peak_mixture(fit.x, 7.0, 0.4)
    mu_f, s_f, _ = fit.best(p, "forward")
    mm_mu, mm_s = fit.moment_match(p)
    assert mm_mu == pytest.approx(0.7) and mm_s == pytest.approx(math.sqrt(1 + 49 * 0.24), rel=1e-4)
    assert abs(mu_f - mm_mu) <= 0.2 and abs(s_f - mm_s) <= 0.1
    mu_r, s_r, kl_r = fit.best(p, "reverse")
    assert (mu_r, s_r) == pytest.approx((3.4, 1.0)) or (mu_r, s_r) == pytest.approx((3.6, 1.0))
    assert kl_r == pytest.approx(-math.log(0.6), abs=0.01)
    minima = fit.local_minima(p, "reverse")
    assert len(minima) == 3 and minima[0][2] == kl_r
    assert minima[1][0] < 0 and minima[1][2] == pytest.approx(-math.log(0.4), abs=0.01)
    assert len(fit.local_minima(p, "forward")) == 1
    mu_l, _, _ = fit.best(p, "reverse", mu_range=(-5, 0))
    assert mu_l < -3


def test_fit_reverse_is_infinite_where_target_is_zero(fit):
    p = np.zeros_like(fit.x)
    p[100:141] = 1.0 / 41  # uniform on a window; zero elsewhere
    rev = fit.kl_surface(p, "reverse")
    assert np.isinf(rev).all()  # every normal on the grid has some mass outside the window
    fwd = fit.kl_surface(p, "forward")
    assert np.isfinite(fwd).all()


def test_fit_errors(fit):
    p = two_peak_mixture(fit.x, 4.0, 0.5)
    with pytest.raises(ValueError, match="direction must be 'forward' or 'reverse'"):
        fit.kl_surface(p, "backward")
    with pytest.raises(ValueError, match="one probability per grid point"):
        fit.kl_surface(p[:-1] / p[:-1].sum())
    with pytest.raises(ValueError, match="^p does not sum to 1"):
        fit.kl_surface(2 * p)
    with pytest.raises(ValueError, match="no candidate mean"):
        fit.best(p, mu_range=(10, 20))
    with pytest.raises(ValueError, match="sigmas must be > 0"):
        NormalFitGrid(fit.x, [0.0], [0.0, 1.0])


def test_kl_landscape_figure(fit):
    fig = kl_landscape_figure(fit, two_peak_mixture(fit.x, 7.0, 0.4))
    ax_f, ax_r = fig.axes[0], fig.axes[1]  # the two colour bars come after the panels
    assert [a.get_ylabel() for a in fig.axes[2:]] == ["KL [nats] (log scale)"] * 2
    assert ax_f.get_title().startswith("forward") and ax_r.get_title().startswith("reverse")
    # One marker in the forward panel, three (global + 2 local) in the reverse panel.
    assert len(ax_f.get_legend().get_texts()) == 1
    assert len(ax_r.get_legend().get_texts()) == 3
    with pytest.raises(TypeError, match="NormalFitGrid"):
        kl_landscape_figure("grid", np.ones(3) / 3)


# --------------------------------------------------------------------------- mixture explorer


def test_mixture_explorer_state_and_readouts(fit):
    ex = MixtureFitExplorer(fit, separation=7.0, weight=0.4)
    assert ex.state == {"separation": 7.0, "weight": 0.4}
    assert ex.full_state["grid"] == [-12.0, 12.0, 241] and ex.full_state["mus"] == [-5.0, 5.0, 51]
    assert list(ex.values) == list(MixtureFitExplorer.QUANTITIES)
    p = two_peak_mixture(fit.x, 7.0, 0.4)
    mu_r, s_r, kl_r = fit.best(p, "reverse")
    assert (ex.values["reverse μ"], ex.values["reverse σ"]) == (mu_r, s_r)
    assert ex.values["KL(q_rev‖p)"] == pytest.approx(kl_r, rel=1e-12)
    assert ex.values["peaks of p"] == 2

    ex.weight = 0.7  # the left peak becomes the heavier one
    p2 = two_peak_mixture(fit.x, 7.0, 0.7)
    mu_f, s_f, kl_f = fit.best(p2, "forward")
    mu_r, s_r, kl_r = fit.best(p2, "reverse")
    assert mu_r < 0 and ex.values["reverse μ"] == mu_r
    assert (ex.values["forward μ"], ex.values["forward σ"]) == (mu_f, s_f)
    assert ex.values["KL(p‖q_fwd)"] == pytest.approx(kl_f, rel=1e-9)
    assert ex.values["KL(q_fwd‖p)"] == pytest.approx(float(info.kl_divergence(fit.candidate(mu_f, s_f), p2, base="nats")))
    assert ex.values["KL(p‖q_rev)"] == pytest.approx(float(info.kl_divergence(p2, fit.candidate(mu_r, s_r), base="nats")))

    ex.separation = 2.0  # one broad hump: both directions give a single central normal
    assert abs(ex.values["reverse μ"] - ex.values["forward μ"]) <= 0.3
    assert ex.values["peaks of p"] == 1
    lines = ex.summary().splitlines()
    assert lines[0] == "MixtureFitExplorer(d = 2.0, w = 0.70)"
    assert "  peaks of p = 1" in lines
    assert f"  KL(q_rev‖p) = {ex.values['KL(q_rev‖p)']:.4f} nats" in lines


def test_mixture_explorer_symmetric_target_ties_go_to_the_first(fit):
    # Equal weights: the reverse fit has two equally good peaks; the tie goes to the smaller μ.
    r = MixtureFitExplorer.readouts({"separation": 6.0, "weight": 0.5, "grid": [-12.0, 12.0, 241],
                                     "mus": [-5.0, 5.0, 51], "sigmas": [0.5, 4.5, 41]})
    assert r["reverse μ"] == -3.0


def test_mixture_explorer_static_figure_and_mime_bundle(fit):
    ex = MixtureFitExplorer(fit, separation=6.0, weight=0.3, xlim=(-10, 10))
    fig = MixtureFitExplorer.static_figure(ex.full_state)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    dx = fit.x[1] - fit.x[0]
    assert np.asarray(lines[2].get_ydata()) == pytest.approx(fit.candidate(3.0, 1.0) / dx)
    data = _mime(ex)
    assert "image/png" in data
    assert data["application/vnd.lossnotes.explorer+json"]["state"]["xlim"] == [-10.0, 10.0]


def test_mixture_explorer_validates(fit):
    with pytest.raises(TypeError, match="NormalFitGrid"):
        MixtureFitExplorer("grid")
    with pytest.raises(ValueError, match="weight must be <= 0.95"):
        MixtureFitExplorer(fit, weight=0.99)
    with pytest.raises(ValueError, match="separation must be <= 8"):
        MixtureFitExplorer(fit, separation=9)
    ex = MixtureFitExplorer(fit)
    with pytest.raises(ValueError, match="weight"):
        ex.weight = 0.01
    uneven = NormalFitGrid(np.array([-2.0, -1.0, 0.5, 2.0]), [0.0], [1.0])
    with pytest.raises(ValueError, match="evenly spaced"):
        MixtureFitExplorer(uneven)


# --------------------------------------------------------------------------- normal against the mixture


def test_normal_fit_explorer_readouts_and_summary():
    x = np.linspace(-16, 16, 401)
    ex = NormalFitExplorer(x, separation=7.0, weight=0.4, mu=3.5, sigma=1.0, xlim=(-10, 10))
    p, q = two_peak_mixture(x, 7.0, 0.4), discretised_normal(x, 3.5, 1.0)
    assert ex.values == {"KL(p‖q)": float(info.kl_divergence(p, q, base="nats")),
                         "KL(q‖p)": float(info.kl_divergence(q, p, base="nats"))}
    # On the heavier peak, q misses the other: KL(q‖p) ≈ -ln 0.6, KL(p‖q) large.
    assert ex.values["KL(q‖p)"] == pytest.approx(-math.log(0.6), abs=1e-3)
    assert ex.values["KL(p‖q)"] > 5
    ex.mu, ex.sigma = 0.5, 3.6  # spread over both peaks: the opposite
    assert ex.values["KL(p‖q)"] < ex.values["KL(q‖p)"]
    lines = ex.summary().splitlines()
    assert lines[0] == "NormalFitExplorer(μ = 0.50, σ = 3.60; p = two_peak_mixture(d = 7, w = 0.4))"
    assert lines[1] == f"  KL(p‖q) = {ex.values['KL(p‖q)']:.4f} nats"
    assert ex.state == {"mu": 0.5, "sigma": 3.6} and ex.full_state["grid"] == [-16.0, 16.0, 401]


def test_normal_fit_explorer_validates_draws_and_bundles():
    x = np.linspace(-10, 10, 101)
    with pytest.raises(ValueError, match="sigma must be >= 0.5"):
        NormalFitExplorer(x, sigma=0.1)
    with pytest.raises(ValueError, match="weight"):
        NormalFitExplorer(x, weight=1.0)
    with pytest.raises(ValueError, match="evenly spaced"):
        NormalFitExplorer(x ** 3)
    ex = NormalFitExplorer(x, mu=0.0, sigma=2.0)
    with pytest.raises(ValueError, match="mu must be <= 6"):
        ex.mu = 7.0
    fig = NormalFitExplorer.static_figure(ex.full_state)
    assert len(fig.axes[0].get_lines()) == 2
    data = _mime(ex)
    assert "image/png" in data and data["application/vnd.lossnotes.explorer+json"]["module"] == "normal_fit.js"


def test_code_length_figure_legend_matches_the_bars_and_thin_bars_are_labelled():
    # issue 9 (03): the legend's bar patch had a grey colour, and bars narrower than 0.07 had no label
    from matplotlib.colors import to_rgba

    from lossnotes import coding
    from lossnotes.widgets.divergence import code_length_figure

    labels = ["sunny", "cloudy", "rain", "fog"]
    p = [0.60, 0.25, 0.10, 0.05]
    codes = [coding.huffman_code([0.15, 0.45, 0.30, 0.10], labels=labels), coding.huffman_code(p, labels=labels)]
    fig = code_length_figure(p, codes)
    from matplotlib.patches import Rectangle

    (legend,) = fig.legends
    swatches = [r for r in legend.findobj(Rectangle) if r is not legend.legendPatch]  # the drawn bar swatches
    legend_colors = {to_rgba(r.get_facecolor(), 1) for r in swatches}
    panel_colors = {to_rgba(ax.patches[0].get_facecolor(), 1) for ax in fig.axes}
    assert panel_colors == legend_colors and len(panel_colors) == 2
    for ax, code in zip(fig.axes, codes):
        fog = [t for t in ax.texts if t.get_text().startswith("fog")]
        assert len(fog) == 1 and fog[0].get_visible()
        assert fog[0].get_text() == f"fog {code.codewords[3]}" and fog[0].get_rotation() == 90
        wide = [t for t in ax.texts if t.get_text().startswith("sunny")]
        assert wide[0].get_visible() and wide[0].get_rotation() == 0
