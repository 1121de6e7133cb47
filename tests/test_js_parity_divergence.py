"""The divergence explorers' JavaScript computes what lossnotes computes (parity, in node).

Notebooks 03_cross_entropy and 04_kl_and_js_divergence: ``js/maths/coding.js`` (Huffman codes,
expected lengths), ``js/maths/joint.js`` (joint-table quantities), ``js/maths/gaussian.js``
(discretised normals, mixtures, the KL fit surfaces) against lossnotes.coding, lossnotes.information
and lossnotes.gaussian_fit, and the modules coding.js, joint_table.js, normal_fit.js and
mixture_fit.js: their ``readouts(state)`` against the Python classmethods, on at least 1,000 random
inputs each, at a relative 1e-12 (exact for code lengths and grid points).
"""

from __future__ import annotations

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, ROOT, assert_close, random_distributions, run_js
from lossnotes import coding, gaussian_fit
from lossnotes import information as info
from lossnotes.widgets.divergence import CodingExplorer, MixtureFitExplorer, NormalFitExplorer
from lossnotes.widgets.mutual_information import JointTableExplorer

MODULES = {**CORE, "coding": JS / "coding.js", "joint": JS / "joint_table.js", "normal": JS / "normal_fit.js",
           "mixture": JS / "mixture_fit.js"}


@pytest.fixture(scope="module")
def distributions():
    cases = random_distributions(np.random.default_rng(20261217), N_CASES)
    # Ties the Huffman rule must break the same way: uniform, dyadic, repeated values, 0.1 + 0.2 vs 0.3.
    extra = [([0.25] * 4, [0.25] * 4, "bits"), ([0.5, 0.25, 0.125, 0.125], [0.125, 0.125, 0.25, 0.5], "bits"),
             ([0.1, 0.2, 0.3, 0.4], [0.3, 0.1, 0.2, 0.4], "bits"), ([1.0, 0.0], [0.0, 1.0], "bits"),
             ([0.2] * 5, [0.1, 0.1, 0.2, 0.3, 0.3], "bits")]
    return extra + cases


def test_huffman_code_and_expected_length(distributions):
    qs = [q for _p, q, _u in distributions]
    got = run_js([("core", "huffman_code", (q,)) for q in qs], CORE)
    assert len(got) >= 1000
    for g, q in zip(got, qs):
        code = coding.huffman_code(q)
        assert tuple(g["codewords"]) == code.codewords, q  # the same tie rule: the same code, bit for bit
        assert g["lengths"] == code.lengths.tolist()
    pairs = [(p, coding.huffman_code(q).lengths.tolist()) for p, q, _u in distributions]
    got = run_js([("core", "expected_length", pair) for pair in pairs], CORE)
    assert_close(got, [float(coding.expected_length(p, ell)) for p, ell in pairs], "expected_length")


def random_tables(rng, n_cases):
    out = []
    for k in range(n_cases):
        m, n = int(rng.integers(2, 5)), int(rng.integers(2, 5))
        t = rng.dirichlet(np.full(m * n, 0.5)).reshape(m, n)
        kind = k % 5
        if kind == 1:  # zeros
            t[rng.random((m, n)) < 0.4] = 0
        elif kind == 2:  # one cell
            t = np.zeros((m, n))
            t[rng.integers(m), rng.integers(n)] = 1
        elif kind == 3:  # independent
            t = np.outer(rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n)))
        elif kind == 4:  # a function: one cell per row
            t = np.zeros((m, n))
            t[np.arange(m), rng.integers(n, size=m)] = rng.dirichlet(np.ones(m))
        if t.sum() == 0:
            t[0, 0] = 1
        out.append((t / t.sum()).tolist())
    return out


@pytest.mark.parametrize("name", ["joint_entropy", "conditional_entropy", "mutual_information"])
def test_joint_table_measures(name):
    tables = random_tables(np.random.default_rng(5), N_CASES)
    units = ["bits", "nats", "hartleys"]
    got = run_js([("core", name, (t, units[k % 3])) for k, t in enumerate(tables)], CORE)
    expected = [float(getattr(info, name)(t, base=units[k % 3])) for k, t in enumerate(tables)]
    assert_close(got, expected, name)


def test_gaussian_linspace_is_numpy_linspace():
    rng = np.random.default_rng(11)
    specs = [(float(a), float(a + rng.exponential(10) + 1e-3), int(rng.integers(2, 500)))
             for a in rng.normal(0, 10, N_CASES)] + [(-16.0, 16.0, 401), (-6.0, 6.0, 121), (0.5, 5.0, 46)]
    got = run_js([("core", "gaussian_linspace", s) for s in specs], CORE)
    for g, s in zip(got, specs):
        np.testing.assert_array_equal(np.array(list(g.values()) if isinstance(g, dict) else g), np.linspace(*s))


def test_discretised_normal_and_mixture():
    rng = np.random.default_rng(12)
    x = np.linspace(-12, 12, 97)
    cases = [(float(m), float(s)) for m, s in zip(rng.uniform(-8, 8, N_CASES), rng.uniform(0.05, 6, N_CASES))]
    got = run_js([("core", "discretised_normal", (x.tolist(), m, s)) for m, s in cases], CORE)
    for g, (m, s) in zip(got, cases):
        assert_close(_arr(g), gaussian_fit.discretised_normal(x, m, s), f"discretised_normal({m}, {s})")
    mix = [(float(d), float(w), float(s)) for d, w, s in zip(rng.uniform(0, 8, N_CASES), rng.uniform(0, 1, N_CASES),
                                                              rng.uniform(0.3, 2, N_CASES))]
    got = run_js([("core", "two_peak_mixture", (x.tolist(), d, w, s)) for d, w, s in mix], CORE)
    for g, (d, w, s) in zip(got, mix):
        assert_close(_arr(g), gaussian_fit.two_peak_mixture(x, d, w, s), f"two_peak_mixture({d}, {w}, {s})")


def test_mixture_peak_count():
    rng = np.random.default_rng(13)
    cases = [(float(np.round(d, 1)), float(np.round(w, 2)), 1.0) for d, w in
             zip(rng.uniform(0, 8, N_CASES), rng.uniform(0.05, 0.95, N_CASES))]
    cases += [(0.0, 0.5, 1.0), (2.0, 0.5, 1.0), (2.5, 0.4, 1.0), (2.4, 0.4, 1.0), (7.0, 0.4, 2.0)]
    # Near the distance where the second peak appears (the module checks only the ends of g's monotone runs).
    for w in rng.uniform(0.05, 0.95, 200):
        s = float(rng.uniform(0.5, 2))
        d_star = gaussian_fit.unimodal_threshold(float(w), s)
        cases += [(d_star * (1 + e), float(w), s) for e in (-1e-2, -1e-4, 1e-4, 1e-2)]
    got = run_js([("core", "mixture_peak_count", c) for c in cases], CORE)
    expected = [len(gaussian_fit.mixture_modes(*c)[0]) for c in cases]
    assert got == expected
    assert set(expected) == {1, 2}


def _arr(g):
    return np.array(list(g.values()) if isinstance(g, dict) else g, dtype=float)


def test_coding_explorer_readouts(distributions):
    states = [{"p": p, "q": q} for p, q, _u in distributions]
    got = run_js([("coding", "readouts", (s,)) for s in states], MODULES)
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = CodingExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"CodingExplorer.readouts({s})")


def test_joint_table_explorer_readouts():
    states = [{"pxy": t} for t in random_tables(np.random.default_rng(6), N_CASES)]
    got = run_js([("joint", "readouts", (s,)) for s in states], MODULES)
    for g, s in zip(got, states):
        expected = JointTableExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"JointTableExplorer.readouts({s})")


GRIDS = [[-16.0, 16.0, 401], [-12.0, 12.0, 121], [-10.0, 10.0, 81]]


def test_normal_fit_explorer_readouts():
    rng = np.random.default_rng(14)
    states = []
    for k in range(N_CASES):
        states.append({"mu": float(np.round(rng.uniform(-6, 6), 1)), "sigma": float(np.round(rng.uniform(0.5, 5), 1)),
                       "grid": GRIDS[k % 3], "separation": [7.0, 0.0, 3.3, 8.0][k % 4],
                       "weight": [0.4, 0.5, 0.05, 0.95][k % 4], "width": [1.0, 1.0, 0.7][k % 3]})
    states.append({"mu": 0.0, "sigma": 1.0, "grid": GRIDS[0], "separation": 0.0, "weight": 0.5, "width": 1.0})
    got = run_js([("normal", "readouts", (s,)) for s in states], MODULES)
    for g, s in zip(got, states):
        expected = NormalFitExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"NormalFitExplorer.readouts({s})")


def test_mixture_fit_explorer_readouts():
    rng = np.random.default_rng(15)
    grids = [([-16.0, 16.0, 401], [-6.0, 6.0, 121], [0.5, 5.0, 46]),  # the notebook's
             ([-12.0, 12.0, 121], [-5.0, 5.0, 41], [0.5, 4.5, 21]),
             ([-10.0, 10.0, 101], [-4.0, 4.0, 33], [0.4, 3.0, 14])]
    states = []
    for k in range(N_CASES):
        grid, mus, sigmas = grids[0] if k < 30 else grids[1 + k % 2]
        d = float(np.round(rng.uniform(0, 8), 1)) if k % 2 else float(rng.uniform(0, 8))
        w = float(np.round(rng.uniform(0.05, 0.95), 2)) if k % 3 else [0.5, 0.05, 0.95][k % 9 // 3]
        states.append({"separation": d, "weight": w, "width": [1.0, 0.8][k % 2], "grid": grid, "mus": mus,
                       "sigmas": sigmas})
    got = run_js([("mixture", "readouts", (s,)) for s in states], MODULES)
    for g, s in zip(got, states):
        expected = MixtureFitExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"MixtureFitExplorer.readouts({s})")


def test_reverse_fit_by_bounded_search_is_the_surface_minimum():
    # The mixture explorer finds its reverse fit without summing every candidate (a lower bound per
    # candidate from block masses): the index must be the whole surface's first minimum, in JS and in
    # lossnotes, on targets with one, two or three peaks, equal peaks (ties), noise and zeros (+inf).
    from lossnotes.widgets.divergence import _first_minimum

    rng = np.random.default_rng(16)
    grids = [([-16.0, 16.0, 401], [-6.0, 6.0, 121], [0.5, 5.0, 46]),
             ([-10.0, 10.0, 101], [-4.0, 4.0, 33], [0.4, 3.0, 14])]
    cases = []
    for k in range(N_CASES):
        grid, mus, sigmas = grids[k % 2] if k >= 20 else grids[0]
        x = np.linspace(*grid)
        n_peaks = 1 + k % 3
        centres = rng.uniform(-6, 6, n_peaks)
        weights = np.full(n_peaks, 1 / n_peaks) if k % 5 == 0 else rng.dirichlet(np.ones(n_peaks))
        if k % 5 == 0:
            centres = np.array([-1, 1, 0][:n_peaks]) * rng.uniform(0, 4)  # symmetric: tied fits
        widths = rng.uniform(0.3, 2.5, n_peaks)
        p = sum(w * np.exp(-0.5 * ((x - c) / s) ** 2) for w, c, s in zip(weights, centres, widths))
        if k % 7 == 3:
            p = p + rng.uniform(0, 0.01, len(x)) * p.max()
        if k % 11 == 5:
            p[rng.random(len(x)) < 0.05] = 0.0  # q > 0 where p = 0: +inf surface entries
        p = p / p.sum()
        cases.append((grid, mus, sigmas, p.tolist()))
    got = run_js([("fit", "reverse_fit_indices", case) for case in cases],
                 {**MODULES, "fit": ROOT / "tests" / "js" / "reverse_fit.mjs"})
    assert len(got) >= 1000
    for (bounded, whole), (grid, mus, sigmas, p) in zip(got, cases):
        assert bounded == whole, (grid, p)
        expected = _first_minimum(gaussian_fit.NormalFitGrid(np.linspace(*grid), np.linspace(*mus), np.linspace(*sigmas))
                                  .kl_surface(np.asarray(p), "reverse"))
        assert bounded == expected, (grid, p)
