"""Shared by the JavaScript parity tests (tests/test_js_parity*.py): run ES modules in node.

``run_js`` evaluates calls of the explorers' modules (``lossnotes/widgets/js/``) in node through
``tests/js/parity.mjs``; ``assert_close`` compares with Python at a relative 1e-12 (an absolute
1e-15 near 0), with +inf, -inf and 0 exactly where Python has them.  ``random_distributions`` and
``random_logits`` make the edge-heavy random inputs every parity test uses.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "lossnotes" / "widgets" / "js"
RUNNER = Path(__file__).resolve().parent / "js" / "parity.mjs"
N_CASES = 1000
UNITS = ("bits", "nats", "hartleys")


def node():
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
    out = subprocess.run([node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True,
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





CORE = {"core": JS / "core.js"}


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
