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
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lossnotes import information as info
from lossnotes import losses
from lossnotes.widgets import PQExplorer
from lossnotes.widgets.editor import rebalance

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "lossnotes" / "widgets" / "js"
RUNNER = Path(__file__).resolve().parent / "js" / "parity.mjs"
N_CASES = 1000
UNITS = ("bits", "nats", "hartleys")


def _node():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is needed for the JavaScript parity tests (CI=true)", pytrace=False)
        pytest.skip("node is not installed")
    return node


def _enc(x):
    if isinstance(x, float) and not math.isfinite(x):
        return {"$": "Infinity" if x > 0 else "-Infinity" if x < 0 else "NaN"}
    if isinstance(x, (list, tuple)):
        return [_enc(v) for v in x]
    if isinstance(x, dict):
        return {k: _enc(v) for k, v in x.items()}
    return x


def _dec(x):
    if isinstance(x, dict) and set(x) == {"$"}:
        return float(x["$"])
    if isinstance(x, list):
        return [_dec(v) for v in x]
    if isinstance(x, dict):
        return {k: _dec(v) for k, v in x.items()}
    return x


def run_js(calls, modules):
    """Evaluate [(module, fn, args), ...] in node; return the results (raises on a JS error)."""
    request = {"modules": {k: str(v) for k, v in modules.items()},
               "calls": [{"module": m, "fn": fn, "args": _enc(list(args))} for m, fn, args in calls]}
    out = subprocess.run([_node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True,
                         check=True, timeout=120)
    results = json.loads(out.stdout)
    errors = [r["error"] for r in results if "error" in r]
    assert not errors, errors[:3]
    return [_dec(r["ok"]) for r in results]


def assert_close(js, py, where):
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    assert js.shape == py.shape, where
    same_special = (np.isinf(py) == np.isinf(js)).all() and (np.sign(py[np.isinf(py)]) == np.sign(js[np.isinf(js)])).all()
    assert same_special, f"{where}: infinities differ: js={js}, py={py}"
    f = np.isfinite(py)
    assert np.isfinite(js[f]).all(), f"{where}: js={js}, py={py}"
    assert ((py[f] == 0) == (js[f] == 0)).all() or np.allclose(js[f], py[f], rtol=0, atol=1e-15), f"{where}: zeros differ: js={js}, py={py}"
    np.testing.assert_allclose(js[f], py[f], rtol=1e-12, atol=1e-15, err_msg=where)


def random_distributions(rng, n_cases):
    """Pairs of probability vectors of 2–10 outcomes: dense, with zeros, one-hot, near-equal, tiny entries."""
    cases = []
    for k in range(n_cases):
        n = int(rng.integers(2, 11))
        kind = k % 5
        p = rng.dirichlet(np.full(n, 0.5))
        q = rng.dirichlet(np.full(n, 0.5))
        if kind == 1:  # zeros in both, some shared
            p[rng.random(n) < 0.4] = 0
            q[rng.random(n) < 0.4] = 0
        elif kind == 2:  # one-hot p
            p = np.zeros(n)
            p[rng.integers(n)] = 1
        elif kind == 3:  # q close to p
            q = p * (1 + 1e-6 * rng.standard_normal(n))
        elif kind == 4:  # tiny entries
            p = p * np.where(rng.random(n) < 0.3, 1e-12, 1)
        for v in (p, q):
            if v.sum() == 0:
                v[0] = 1
        p, q = p / p.sum(), q / q.sum()
        cases.append((p.tolist(), q.tolist(), UNITS[k % 3]))
    return cases


@pytest.fixture(scope="module")
def distributions():
    return random_distributions(np.random.default_rng(20261207), N_CASES)


CORE = {"core": JS / "core.js"}


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


def random_logits(rng, n_cases):
    out = []
    for k in range(n_cases):
        n = int(rng.integers(2, 12))
        x = rng.normal(0, [1, 10, 300][k % 3], n)
        if k % 4 == 1:  # -inf masks (not all)
            mask = rng.random(n) < 0.4
            mask[rng.integers(n)] = False
            x[mask] = -np.inf
        out.append(x.tolist())
    return out


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
    out = subprocess.run([_node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, check=True)
    assert "base must be" in json.loads(out.stdout)[0]["error"]
    with pytest.raises(ValueError, match="base must be"):
        info.entropy([0.5, 0.5], base="bytes")


def test_bundles_are_built():
    """The shipped bundles and exported catalogues are exactly what tools/build_js.py builds."""
    _node()
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_js.py"), "--check"], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
