"""Notebook 09's browser maths agrees with lossnotes (parity in node, relative 1e-12).

``js/maths/practice.js`` mirrors :func:`lossnotes.losses.sigmoid_focal_loss` and the InfoNCE
cross-entropy over a similarity matrix; ``focal.js`` and ``contrastive.js`` mirror the explorers'
readouts.
"""

from __future__ import annotations

import numpy as np

from js_parity import CORE, JS, N_CASES, assert_close, random_logits, run_js
from lossnotes import losses
from lossnotes.widgets.practice import ContrastiveExplorer, FocalLossExplorer


def test_sigmoid_focal_loss():
    rng = np.random.default_rng(909)
    cases = []
    for k, x in enumerate(random_logits(rng, N_CASES)):
        x = [v if np.isfinite(v) else -40.0 for v in x]          # logits are finite here
        if k % 7 == 3:
            x[0] = 0.0
        n = len(x)
        t = rng.integers(0, 2, n).astype(float) if k % 3 else rng.random(n)   # hard and soft targets
        alpha = [-1.0, 0.25, 0.0, 1.0, 0.5][k % 5]
        gamma = [0.0, 0.5, 2.0, 5.0, 1.3][(k // 5) % 5]
        cases.append((x, t.tolist(), alpha, gamma, ["none", "mean", "sum"][k % 3]))
    got = run_js([("core", "sigmoid_focal_loss", c) for c in cases], CORE)
    assert len(got) >= 1000
    for g, c in zip(got, cases):
        assert_close(g, losses.sigmoid_focal_loss(*c), "sigmoid_focal_loss")


def _similarities(rng, n_cases):
    out = []
    for k in range(n_cases):
        n = int(rng.integers(2, 13))
        q = rng.standard_normal((n, int(rng.integers(2, 9))))
        keys = q + [0.1, 0.5, 2.0][k % 3] * rng.standard_normal(q.shape)
        if k % 5 == 4:
            keys = q.copy()                                 # perfect views: S_nn = 1
        qn = q / np.linalg.norm(q, axis=1, keepdims=True)
        kn = keys / np.linalg.norm(keys, axis=1, keepdims=True)
        out.append((qn @ kn.T).tolist())
    return out


def test_info_nce_from_similarity():
    rng = np.random.default_rng(910)
    sims = _similarities(rng, N_CASES)
    taus = np.round(rng.uniform(0.02, 2.0, N_CASES), 2)
    calls = [("core", "info_nce_from_similarity", (S, float(tau), "none")) for S, tau in zip(sims, taus)]
    got = run_js(calls, CORE)
    for g, S, tau in zip(got, sims, taus):
        S = np.array(S)
        assert_close(g, losses.cross_entropy(S / tau, np.arange(len(S)), reduction="none"), "info_nce rows")


def test_focal_readouts():
    rng = np.random.default_rng(911)
    states = [{"gamma": float(np.round(rng.uniform(0, 5), 1)), "p_t": float(np.round(rng.uniform(0.01, 0.99), 2)),
               "alpha": float(np.round(rng.uniform(0, 1) * 20) / 20)} for _ in range(N_CASES)]
    states += [{"gamma": 0.0, "p_t": 0.5, "alpha": 0.0}, {"gamma": 5.0, "p_t": 0.99, "alpha": 1.0},
               {"gamma": 5.0, "p_t": 0.01, "alpha": 0.25}]
    got = run_js([("m", "readouts", (s,)) for s in states], {"m": JS / "focal.js"})
    for g, s in zip(got, states):
        expected = FocalLossExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"FocalLossExplorer.readouts({s})")


def test_contrastive_readouts():
    rng = np.random.default_rng(912)
    sims = _similarities(rng, N_CASES)
    states = [{"temperature": float(np.round(rng.uniform(0.02, 2.0), 2)), "similarity": S} for S in sims]
    got = run_js([("m", "readouts", (s,)) for s in states], {"m": JS / "contrastive.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = ContrastiveExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), "ContrastiveExplorer.readouts")
