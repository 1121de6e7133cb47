"""The entropy explorers' JavaScript computes what lossnotes computes (parity, in node).

``binary_entropy`` in ``js/maths/information.js`` against :func:`lossnotes.information.binary_entropy`,
and the ``readouts(state)`` of ``self_information.js``, ``additivity.js``, ``binary_entropy.js`` and
``entropy.js`` against the Python classes' on at least 1,000 random states each (relative 1e-12, the
same keys in the same order), with the edges among them: p = 0 and 1, one-hot and uniform vectors.
"""

from __future__ import annotations

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, random_distributions, run_js
from lossnotes import information as info
from lossnotes.widgets.entropy import (AdditivityExplorer, BinaryEntropyExplorer, EntropyExplorer,
                                       SelfInformationExplorer)

UNITS = ("bits", "nats", "hartleys")


def probabilities(rng, n):
    """n probabilities in [0, 1]: uniform, on the sliders' grid, tiny, near 1, and exactly 0 and 1."""
    p = rng.random(n)
    p[::7] = np.round(p[::7], 2)
    p[1::11] = 10.0 ** -rng.uniform(3, 300, p[1::11].size)
    p[2::13] = 1 - 10.0 ** -rng.uniform(1, 15, p[2::13].size)
    p[:4] = [0.0, 1.0, 0.5, 1e-320]
    return p.tolist()


@pytest.mark.parametrize("unit", UNITS)
def test_binary_entropy(unit):
    ps = probabilities(np.random.default_rng(17), N_CASES)
    got = run_js([("core", "binary_entropy", (p, unit)) for p in ps], CORE)
    assert_close(got, [float(info.binary_entropy(p, base=unit)) for p in ps], f"binary_entropy {unit}")
    assert got[0] == 0.0 and got[1] == 0.0  # 0 log 0 = 0 at both ends


def check_readouts(module, cls, states):
    got = run_js([(module, "readouts", (s,)) for s in states], {module: JS / f"{module}.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = cls.readouts(s)
        assert list(g) == list(expected), s  # the same quantities, in the same order
        assert_close(list(g.values()), list(expected.values()), f"{cls.__name__}.readouts({s})")


def test_self_information_readouts():
    rng = np.random.default_rng(1)
    ps = probabilities(rng, N_CASES)
    subsets = [list(UNITS), ["bits", "nats"], ["hartleys"], ["nats", "bits"]]
    states = [{"p": p, "units": subsets[i % 4]} for i, p in enumerate(ps)]
    check_readouts("self_information", SelfInformationExplorer, states)


def test_additivity_readouts():
    rng = np.random.default_rng(2)
    keys = ["-log2 p", "-ln p", "1 - p", "1 / p"]
    states = []
    for i in range(N_CASES):
        p1, p2 = (np.round(rng.uniform(0.01, 1, 2), 2) if i % 2 else rng.uniform(0.01, 1, 2)).tolist()
        if i % 10 == 3:
            p2 = 1.0
        if i % 10 == 5:
            p1, p2 = 0.5, 0.5
        states.append({"p1": p1, "p2": p2, "f": keys[i % 4]})
    check_readouts("additivity", AdditivityExplorer, states)
    # the coincidences and the logarithms add up (gap exactly 0) in both languages
    got = run_js([("additivity", "readouts", ({"p1": 0.5, "p2": 0.5, "f": "1 / p"},)),
                  ("additivity", "readouts", ({"p1": 0.37, "p2": 0.01, "f": "-ln p"},))],
                 {"additivity": JS / "additivity.js"})
    assert got[0]["gap"] == 0.0 and got[1]["gap"] == 0.0


def test_binary_entropy_readouts():
    ps = probabilities(np.random.default_rng(3), N_CASES)
    check_readouts("binary_entropy", BinaryEntropyExplorer, [{"p": p} for p in ps])


def test_entropy_readouts():
    cases = random_distributions(np.random.default_rng(4), N_CASES)
    states = [{"p": p} for p, q, unit in cases]
    states[:2] = [{"p": [0.25] * 4}, {"p": [1.0, 0.0, 0.0]}]
    check_readouts("entropy", EntropyExplorer, states)
