"""Notebook 11's JavaScript (js/maths/alignment.js, kl_penalty.js) computes what lossnotes computes.

kl_regularised_optimum on 1,000+ random problems (zeros in the reference, ties, one-hot references,
beta = 0, tiny, huge and infinite) against lossnotes.alignment, and KLPenaltyExplorer.readouts of
the module against the Python classmethod on 1,000+ random states: relative 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, run_js
from lossnotes.alignment import kl_regularised_optimum
from lossnotes.widgets.alignment import KLPenaltyExplorer

BETAS = (0.0, 1e-300, 1e-3, 0.05, 0.3, 1.0, 4.0, 60.0, 1e6, 1e12, math.inf)


def _problems(seed, n_cases):
    rng = np.random.default_rng(seed)
    out = []
    for k in range(n_cases):
        n = int(rng.integers(2, 9))
        ref = rng.dirichlet(np.full(n, 0.7))
        kind = k % 5
        if kind == 1:  # zeros in the reference (not all)
            ref[rng.random(n) < 0.4] = 0
            if ref.sum() == 0:
                ref[0] = 1
        elif kind == 2:  # one-hot reference
            ref = np.zeros(n)
            ref[rng.integers(n)] = 1
        ref = ref / ref.sum()
        rewards = rng.normal(0.0, [0.5, 2.0, 20.0][k % 3], n)
        if kind == 3:  # ties at the top
            rewards[rng.integers(n)] = rewards.max()
        if kind == 4:  # integer rewards, many ties
            rewards = rng.integers(-2, 3, n).astype(float)
        beta = BETAS[k % len(BETAS)] if k % 2 == 0 else float(10 ** rng.uniform(-2, 2))
        out.append((ref.tolist(), rewards.tolist(), beta))
    return out


@pytest.fixture(scope="module")
def problems():
    return _problems(20261211, N_CASES)


def test_kl_regularised_optimum(problems):
    got = run_js([("core", "kl_regularised_optimum", c) for c in problems], CORE)
    assert len(got) >= 1000
    for g, (ref, r, beta) in zip(got, problems):
        policy, value = kl_regularised_optimum(ref, r, beta)
        assert_close(g["policy"], policy, f"policy({ref}, {r}, {beta})")
        assert_close(g["value"], float(value), f"value({ref}, {r}, {beta})")


def test_expected_reward(problems):
    got = run_js([("core", "expected_reward", (ref, r)) for ref, r, _ in problems], CORE)
    for g, (ref, r, _) in zip(got, problems):
        assert_close(g, float(np.dot(ref, r)), "expected_reward")


def test_kl_penalty_explorer_readouts(problems):
    states = [{"beta": beta, "ref_probs": ref, "rewards": r} for ref, r, beta in problems if math.isfinite(beta)]
    states += [{"beta": float(np.round(10 ** u, 3)), "ref_probs": ref, "rewards": r}
               for u, (ref, r, _) in zip(np.linspace(-2, 2, 400), problems)]
    assert len(states) >= 1000
    got = run_js([("kl", "readouts", (s,)) for s in states], {"kl": JS / "kl_penalty.js"})
    for g, s in zip(got, states):
        expected = KLPenaltyExplorer.readouts(s)
        assert list(g) == list(expected)  # the same quantities, in the same order
        kl, kl_py = g.pop("KL(π*‖π_ref)"), expected.pop("KL(π*‖π_ref)")
        assert_close(list(g.values()), list(expected.values()), f"KLPenaltyExplorer.readouts({s})")
        if kl_py < 1e-13:  # a huge beta: pi* = pi_ref up to rounding, and the KL is rounding noise (one may be 0)
            assert abs(kl - kl_py) <= 1e-15, s
        else:
            assert_close(kl, kl_py, f"KL of KLPenaltyExplorer.readouts({s})")


def test_js_rejects_a_negative_beta():
    with pytest.raises(AssertionError, match="beta must be"):
        run_js([("core", "kl_regularised_optimum", ([0.5, 0.5], [0.0, 1.0], -1.0))], CORE)
