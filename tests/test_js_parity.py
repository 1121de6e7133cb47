"""The explorers' JavaScript computes what lossnotes computes (parity, in node).

``lossnotes/widgets/js/core.js`` mirrors lossnotes' functions under the same names, and every
browser explorer's module exports ``readouts(state)`` mirroring the Python class's.  Each function
here is evaluated on at least 1,000 random inputs (with zeros, near-zeros, one-hot vectors and
-inf logit masks among them) by node and by Python, and the results must agree to a relative
1e-12 (an absolute 1e-15 near 0, where summation order alone can change the last bits), with
+inf, -inf and 0 exactly where Python has them.  The shipped bundles are what tools/build_js.py
builds (test_bundles_are_built).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys

import numpy as np
import pytest

from js_parity import (CORE, JS, N_CASES, ROOT, RUNNER, assert_close, node, random_distributions, random_logits,
                        run_js)
from lossnotes import information as info
from lossnotes import losses
from lossnotes.widgets import PQExplorer
from lossnotes.widgets.editor import rebalance

UNITS = ("bits", "nats", "hartleys")


@pytest.fixture(scope="module")
def distributions():
    return random_distributions(np.random.default_rng(20261207), N_CASES)


@pytest.mark.parametrize("name", ["entropy", "cross_entropy", "kl_divergence", "js_divergence", "js_distance"])
def test_information_measures(name, distributions):
    py_fn = getattr(info, name)
    if name == "entropy":
        calls = [("core", name, (p, unit)) for p, q, unit in distributions]
        expected = [float(py_fn(p, base=unit)) for p, q, unit in distributions]
    else:
        calls = [("core", name, (p, q, unit)) for p, q, unit in distributions]
        expected = [float(py_fn(p, q, base=unit)) for p, q, unit in distributions]
    got = run_js(calls, CORE)
    assert len(got) >= 1000
    if name == "js_distance":
        # √ turns the last-bit noise of a JS near 0 (q ≈ p: 1e-14, pure cancellation, the order of
        # the additions decides it) into 1e-7 of relative noise: compare the squares, i.e. the JS.
        got, expected = np.square(got), np.square(expected)
    assert_close(got, expected, name)
    if name == "cross_entropy":  # +inf where q = 0 < p happens in the sample, and matches
        assert any(math.isinf(v) for v in expected)


def test_self_information(distributions):
    calls = [("core", "self_information", (p, unit)) for p, q, unit in distributions]
    got = run_js(calls, CORE)
    for g, (p, q, unit) in zip(got, distributions):
        assert_close(g, info.self_information(p, base=unit), "self_information")


def test_convert_units(distributions):
    rng = np.random.default_rng(1)
    values = rng.exponential(2.0, N_CASES)
    pairs = [(UNITS[i % 3], UNITS[(i // 3) % 3]) for i in range(N_CASES)]
    got = run_js([("core", "convert_units", (float(v), a, b)) for v, (a, b) in zip(values, pairs)], CORE)
    assert_close(got, [float(info.convert_units(v, a, b)) for v, (a, b) in zip(values, pairs)], "convert_units")


@pytest.mark.parametrize("name", ["logsumexp", "softmax", "log_softmax"])
def test_logit_functions(name):
    cases = random_logits(np.random.default_rng(7), N_CASES)
    got = run_js([("core", name, (x,)) for x in cases], CORE)
    for g, x in zip(got, cases):
        assert_close(g, getattr(losses, name)(np.array(x)), name)
    # Every entry masked: logsumexp is -inf (PyTorch), as in lossnotes.
    if name == "logsumexp":
        assert run_js([("core", name, ([-math.inf, -math.inf],))], CORE) == [-math.inf]


def test_rebalance_is_the_sliders_rule():
    rng = np.random.default_rng(3)
    cases = []
    for k in range(N_CASES):
        n = int(rng.integers(2, 8))
        v = np.round(rng.dirichlet(np.ones(n)), 12)
        v[-1] = 1 - v[:-1].sum()
        cases.append((v.tolist(), int(rng.integers(n)), float(np.round(rng.random(), 2))))
    got = run_js([("core", "rebalance", c) for c in cases], CORE)
    for g, (v, i, new) in zip(got, cases):
        expected = rebalance(np.array(v), i, new)
        np.testing.assert_array_equal(np.array(g), expected)  # the same operations: exactly equal


def test_pq_explorer_readouts(distributions):
    modules = {"pq": JS / "pq.js"}
    states = [{"p": p, "q": q, "unit": unit} for p, q, unit in distributions]
    got = run_js([("pq", "readouts", (s,)) for s in states], modules)
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = PQExplorer.readouts(s)
        assert list(g) == list(expected)  # the same quantities, in the same order
        assert_close(list(g.values()), list(expected.values()), f"PQExplorer.readouts({s})")


def test_js_errors_name_the_argument():
    # A unit that does not exist is an error in both languages, never a silent NaN.
    request = {"modules": {"core": str(JS / "core.js")}, "calls": [{"module": "core", "fn": "entropy", "args": [[0.5, 0.5], "bytes"]}]}
    out = subprocess.run([node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, check=True)
    assert "base must be" in json.loads(out.stdout)[0]["error"]
    with pytest.raises(ValueError, match="base must be"):
        info.entropy([0.5, 0.5], base="bytes")


def test_bundles_are_built():
    """The shipped bundles and exported catalogues are exactly what tools/build_js.py builds."""
    node()
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_js.py"), "--check"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
