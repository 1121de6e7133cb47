"""The distillation maths in JavaScript (js/maths/distill.js) and the explorers' readouts of notebook 08
agree with lossnotes (parity, in node): at least 1,000 random inputs each, relative 1e-12."""

from __future__ import annotations

import math

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, random_logits, run_js
from lossnotes import gradients, losses
from lossnotes.widgets.distillation import DistillationGradientExplorer, TemperatureExplorer


# Node's Math.exp/Math.log and NumPy's are each within an ulp, but not always the same ulp (they
# differ on ~5% of arguments).  Where the operations are the same and well conditioned, the results
# agree to 1e-12.  Two quantities here are differences of nearly equal numbers at high temperature:
# T²·KL(p‖q) (Σ p (log p − log q) with the first-order terms cancelling) and the error of the limit
# (q − p)/T − (z − v)/(C T²).  There an ulp of the logarithms moves the result by an absolute amount
# we bound from the size of the terms (ULPS × eps × Σ|terms|), on top of the relative 1e-12.
ULPS = 8 * np.finfo(float).eps


def _temperatures(rng, n):
    # From very cold (0.05) to hotter than either slider's top (T = 50).
    return np.exp(rng.uniform(math.log(0.05), math.log(100.0), n))


@pytest.fixture(scope="module")
def pairs():
    """(z, v, T): student and teacher logits of the same length (with -inf masks in the student), a temperature."""
    rng = np.random.default_rng(20261208)
    zs = random_logits(rng, N_CASES)
    out = []
    for k, (z, T) in enumerate(zip(zs, _temperatures(rng, N_CASES))):
        n = len(z)
        v = rng.normal(0, [1, 10, 300][k % 3], n)
        if k % 7 == 3:  # identical logits: the gradient is exactly 0
            z = v.tolist()
        elif k % 7 == 5:  # one-hot-like extremes
            v = np.full(n, -50.0)
            v[rng.integers(n)] = 50.0
        out.append((z, v.tolist(), float(T)))
    return out


def test_softmax_temperature(pairs):
    got = run_js([("core", "softmax_temperature", (z, T)) for z, v, T in pairs], CORE)
    assert len(got) >= 1000
    for g, (z, v, T) in zip(got, pairs):
        assert_close(g, losses.softmax(np.array(z) / T), "softmax_temperature")


@pytest.fixture(scope="module")
def finite_pairs(pairs):
    """The pairs without masks, and as many more finite ones (the distillation functions refuse -inf)."""
    rng = np.random.default_rng(5)
    extra = []
    for k, T in enumerate(_temperatures(rng, 600)):
        n = int(rng.integers(2, 12))
        scale = [1, 10, 300][k % 3]
        extra.append((rng.normal(0, scale, n).tolist(), rng.normal(0, scale, n).tolist(), float(T)))
    return [(z, v, T) for z, v, T in pairs if np.isfinite(z).all()] + extra


def test_distillation_gradient(finite_pairs):
    got = run_js([("core", "distillation", (z, v, T)) for z, v, T in finite_pairs], CORE)
    assert len(got) >= 1000
    for g, (z, v, T) in zip(got, finite_pairs):
        assert_close(g, gradients.distillation(z, v, T), f"distillation({z}, {v}, {T})")


def test_masked_logits_are_refused_in_both(pairs):
    masked = [(z, v, T) for z, v, T in pairs if not np.isfinite(z).all()][:50]
    assert masked
    request = {"modules": {"core": str(JS / "core.js")},
               "calls": [{"module": "core", "fn": fn, "args": [[z_ if math.isfinite(z_) else {"$": "-Infinity"} for z_ in z], v, T]}
                         for z, v, T in masked for fn in ("distillation", "distillation_high_temperature_limit")]}
    import json
    import subprocess

    from js_parity import RUNNER, node
    out = subprocess.run([node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, check=True)
    errors = [r.get("error", "") for r in json.loads(out.stdout)]
    assert all("student_logits contains inf" in e for e in errors), errors[:3]
    for z, v, T in masked[:5]:
        with pytest.raises(ValueError, match="student_logits contains inf"):
            gradients.distillation(z, v, T)


def test_distillation_high_temperature_limit(finite_pairs):
    cases = finite_pairs
    assert len(cases) >= 1000
    got = run_js([("core", "distillation_high_temperature_limit", c) for c in cases], CORE)
    for g, (z, v, T) in zip(got, cases):
        assert_close(g, gradients.distillation_high_temperature_limit(z, v, T), "distillation_high_temperature_limit")


def test_distillation_loss(finite_pairs):
    rng = np.random.default_rng(11)
    cases = []
    for k, (z, v, T) in enumerate(finite_pairs):
        n = len(z)
        alpha = float(rng.random())
        if k % 3 == 0:
            target = None
        elif k % 3 == 1:
            target = int(rng.integers(n))
        else:
            target = rng.dirichlet(np.ones(n)).tolist()
        cases.append((z, v, target, T, alpha))
    got = run_js([("core", "distillation_loss", c) for c in cases], CORE)
    assert len(got) >= 1000
    for g, (z, v, target, T, alpha) in zip(got, cases):
        py_target = None if target is None else ([target] if isinstance(target, int) else [target])
        expected = float(losses.distillation_loss(np.array([z]), np.array([v]), py_target, temperature=T, alpha=alpha))
        lq, lp = losses.log_softmax(np.array(z) / T), losses.log_softmax(np.array(v) / T)
        terms = T * T * np.sum(np.exp(lp) * (np.abs(lp) + np.abs(lq) + 1))
        np.testing.assert_allclose(g, expected, rtol=1e-12, atol=ULPS * terms,
                                   err_msg=f"distillation_loss({z}, {v}, {target}, {T}, {alpha})")


def test_distill_norm():
    rng = np.random.default_rng(2)
    cases = [rng.normal(0, 10.0 ** rng.integers(-8, 3), rng.integers(1, 12)).tolist() for _ in range(N_CASES)]
    got = run_js([("core", "distill_norm", (x,)) for x in cases], CORE)
    assert_close(got, [float(np.linalg.norm(x)) for x in cases], "distill_norm")


def test_js_errors_name_the_argument():
    got = run_js([("core", "softmax_temperature", ([1.0, 2.0], 1.0))], CORE)
    assert got  # a valid call works; invalid ones raise with the argument's name:
    import json
    import subprocess

    from js_parity import RUNNER, node
    request = {"modules": {"core": str(JS / "core.js")},
               "calls": [{"module": "core", "fn": "distillation", "args": [[1.0, 2.0], [1.0, 2.0, 3.0], 1.0]},
                         {"module": "core", "fn": "distillation", "args": [[1.0, 2.0], [1.0, 2.0], 0.0]}]}
    out = subprocess.run([node(), str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, check=True)
    errors = [r.get("error", "") for r in json.loads(out.stdout)]
    assert "student_logits and teacher_logits" in errors[0]
    assert "temperature" in errors[1]


def test_temperature_explorer_readouts():
    rng = np.random.default_rng(8)
    states = []
    for k in range(N_CASES):
        n = int(rng.integers(2, 11))
        logits = rng.normal(0, [1, 5, 30][k % 3], n)
        if k % 10 == 4:
            logits[:] = 0.0  # uniform: H = log2 n
        labels = [str(i) for i in range(n)] if k % 2 else [f"c{i}" for i in range(n)]
        T = float(np.round(rng.uniform(0.5, 20.0), 1))
        s = float(np.round(rng.uniform(0.25, 3.0), 2))
        states.append({"T": T, "s": s, "logits": logits.tolist(), "labels": labels})
    got = run_js([("temperature", "readouts", (s,)) for s in states], {"temperature": JS / "temperature.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = TemperatureExplorer.readouts(s)
        assert list(g) == list(expected)  # the same quantities, in the same order
        assert_close(list(g.values()), list(expected.values()), f"TemperatureExplorer.readouts({s})")
    keys = run_js([("temperature", "quantities", (["a", "b"],))], {"temperature": JS / "temperature.js"})[0]
    assert keys == list(TemperatureExplorer.readouts({"T": 1.0, "s": 1.0, "logits": [0.0, 1.0], "labels": ["a", "b"]}))


def test_distillation_gradient_explorer_readouts():
    rng = np.random.default_rng(9)
    states = []
    for k in range(N_CASES):
        n = int(rng.integers(2, 11))
        z = rng.normal(0, [1, 3, 10][k % 3], n)
        v = z.copy() if k % 25 == 0 else rng.normal(0, [1, 3, 10][k % 3], n)  # equal logits: |grad| = 0
        T = float(np.round(rng.uniform(1.0, 50.0) * 2) / 2)
        states.append({"T": T, "student_logits": z.tolist(), "teacher_logits": v.tolist()})
    got = run_js([("gradient", "readouts", (s,)) for s in states], {"gradient": JS / "distillation_gradient.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = DistillationGradientExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close([g["|grad|"], g["T^2 |grad|"]], [expected["|grad|"], expected["T^2 |grad|"]], f"readouts({s})")
        # rel. error = ‖g − limit‖/‖g‖ with g = (q − p)/T, q ≈ p at high T: an ulp of exp moves
        # q − p by ~eps·(q + p), so rel. error by ~eps·‖q + p‖/‖q − p‖ (absolute, see ULPS).
        T, z, v = s["T"], np.array(s["student_logits"]), np.array(s["teacher_logits"])
        q, p = losses.softmax(z / T), losses.softmax(v / T)
        bound = ULPS * np.linalg.norm(q + p) / max(np.linalg.norm(q - p), 1e-300)
        assert math.isclose(g["rel. error"], expected["rel. error"], rel_tol=1e-12, abs_tol=bound), (s, g, expected)
        if expected["rel. error"] > 0:
            well = bound < 1e-13 * expected["rel. error"]
            assert not well or math.isclose(g["rel. error"], expected["rel. error"], rel_tol=1e-12), (s, g, expected)


def test_notebook_states_agree_to_1e_12():
    """On notebook 08's logits, every slider position of both explorers: all readouts at a relative
    1e-12 (what the browser tests demand of the page)."""
    v_two = [-1.0, -2.0, 9.0, 5.0, -1.5, 0.0, -0.5, 4.0, 1.0, -2.5]
    z_two = [0.5, -1.0, 6.0, 2.0, -1.0, 0.5, 0.0, 1.0, 2.5, -2.0]
    digits = [str(d) for d in range(10)]
    grad_states = [{"T": 1.0 + 0.5 * k, "student_logits": z_two, "teacher_logits": v_two} for k in range(99)]
    temp_states = [{"T": round(0.5 + 0.1 * k, 1), "s": s, "logits": v_two, "labels": digits}
                   for k in range(196) for s in (0.25, 1.0, 3.0)]
    app_states = [{"T": round(0.5 + 0.1 * k, 1), "s": 1.0, "logits": [5.0, 2.0, -1.0], "labels": ["0", "1", "2"]}
                  for k in range(96)]
    got = run_js([("gradient", "readouts", (s,)) for s in grad_states]
                 + [("temperature", "readouts", (s,)) for s in temp_states + app_states],
                 {"gradient": JS / "distillation_gradient.js", "temperature": JS / "temperature.js"})
    expected = ([DistillationGradientExplorer.readouts(s) for s in grad_states]
                + [TemperatureExplorer.readouts(s) for s in temp_states + app_states])
    for g, e in zip(got, expected):
        assert list(g) == list(e)
        for key in e:
            assert math.isclose(g[key], e[key], rel_tol=1e-12, abs_tol=1e-15), (key, g[key], e[key])
