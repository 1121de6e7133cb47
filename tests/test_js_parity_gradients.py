"""Parity of the classification maths (js/maths/gradients.js) and of the explorers of notebooks 05
and 06 (logit.js, sigmoid_gradient.js) with lossnotes, in node: at least 1,000 random inputs per
function, relative 1e-12 (tests/js_parity.py), with -inf logit masks, one-hot and soft targets,
label smoothing and extreme logits among them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, random_logits, run_js
from lossnotes import gradients, losses
from lossnotes.widgets.classification import LogitExplorer, SigmoidGradientExplorer


def _targets(rng, logits):
    """A class index (never a masked one) or soft probabilities (0 on masked classes) per case."""
    out = []
    for k, x in enumerate(logits):
        x = np.array(x)
        live = np.flatnonzero(np.isfinite(x))
        if k % 3 == 2:
            t = rng.dirichlet(np.full(x.size, 0.7))
            t[~np.isfinite(x)] = 0
            if k % 6 == 5:  # a one-hot probability vector
                t = np.zeros(x.size)
                t[rng.choice(live)] = 1
            out.append((t / t.sum()).tolist())
        else:
            out.append(int(rng.choice(live)))
    return out


@pytest.fixture(scope="module")
def cases():
    rng = np.random.default_rng(20261205)
    logits = random_logits(rng, N_CASES)
    return logits, _targets(rng, logits)


def test_pairwise_sum_is_numpys_sum():
    rng = np.random.default_rng(11)
    arrays = [(rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 8, n)).tolist()
              for n in rng.integers(1, 300, N_CASES)]
    got = run_js([("core", "pairwise_sum", (a,)) for a in arrays], CORE)
    np.testing.assert_array_equal(got, [np.sum(a) for a in arrays])  # the same additions: exactly equal


@pytest.mark.parametrize("name", ["softmax_cross_entropy", "softmax_mse"])
def test_softmax_gradients(name, cases):
    # The gradients take finite logits only (lossnotes.gradients refuses inf; so does the JS).
    logits, targets = zip(*[(x, t) for x, t in zip(*cases) if np.isfinite(x).all()])
    rng = np.random.default_rng(9)
    extra = [rng.normal(0, 300, int(n)).tolist() for n in rng.integers(2, 12, 1000 - len(logits))]
    logits, targets = list(logits) + extra, list(targets) + [int(rng.integers(len(x))) for x in extra]
    got = run_js([("core", name, (x, t)) for x, t in zip(logits, targets)], CORE)
    assert len(got) >= 1000
    py = getattr(gradients, name)
    for g, x, t in zip(got, logits, targets):
        assert_close(g, py(np.array(x), t if isinstance(t, int) else np.array(t)), f"{name}({x}, {t})")


def test_cross_entropy_loss(cases):
    logits, targets = cases
    rng = np.random.default_rng(5)
    eps = [0.0 if k % 2 else float(rng.choice([rng.random(), 1.0, 0.5])) for k in range(len(logits))]
    # a masked target class: +inf, as lossnotes and PyTorch
    extra = [([-math.inf, 1.0, 2.0], 0, 0.0), ([-math.inf, 1.0, 2.0], 0, 0.1), ([0.0, -math.inf], [1.0, 0.0], 0.0)]
    calls = [(x, t, e) for x, t, e in zip(logits, targets, eps)] + extra
    got = run_js([("core", "cross_entropy_loss", c) for c in calls], CORE)
    expected = [float(losses.cross_entropy(np.array(x), t if isinstance(t, int) else np.array(t), label_smoothing=e))
                for x, t, e in calls]
    assert_close(got, expected, "cross_entropy_loss")
    assert math.isinf(got[-3]) and math.isinf(got[-2]) and got[-1] == 0.0


def _binary_cases(rng):
    z = np.concatenate([rng.normal(0, 1, 400), rng.normal(0, 15, 400), rng.uniform(-745, 745, 200),
                        [0.0, -0.0, 1e-300, -1e-300, 36.0, -36.0, 700.0, -700.0]])
    y = np.where(np.arange(z.size) % 3 == 2, rng.random(z.size), (np.arange(z.size) % 2).astype(float))
    return z.tolist(), y.tolist()


@pytest.mark.parametrize("name", ["sigmoid_bce", "sigmoid_mse", "binary_cross_entropy_with_logits", "sigmoid", "softplus"])
def test_binary_functions(name):
    z, y = _binary_cases(np.random.default_rng(3))
    assert len(z) >= 1000
    if name in ("sigmoid", "softplus"):
        got = run_js([("core", name, (z,))], CORE)[0]
        expected = getattr(losses, "_" + name)(np.array(z))
    else:
        got = run_js([("core", name, (z, y))], CORE)[0]
        if name == "binary_cross_entropy_with_logits":
            expected = losses.binary_cross_entropy_with_logits(np.array(z), np.array(y), reduction="none")
        else:
            expected = getattr(gradients, name)(np.array(z), np.array(y))
    assert_close(got, expected, name)
    # one number in, one number out
    args = (0.5,) if name in ("sigmoid", "softplus") else (0.5, 1.0)
    assert isinstance(run_js([("core", name, args)], CORE)[0], float)


def test_js_errors_name_the_argument():
    # run_js raises an AssertionError with the JS messages; lossnotes raises ValueError alike.
    with pytest.raises(AssertionError, match="every class is masked"):
        run_js([("core", "cross_entropy_loss", ([-math.inf, -math.inf], 0))], CORE)
    with pytest.raises(AssertionError, match="logits contains inf"):
        run_js([("core", "softmax_cross_entropy", ([-math.inf, 0.0], 1))], CORE)
    with pytest.raises(ValueError, match="logits contains inf"):
        gradients.softmax_cross_entropy([-math.inf, 0.0], 1)
    with pytest.raises(AssertionError, match="target must be a class index"):
        run_js([("core", "softmax_cross_entropy", ([0.0, 1.0], 2))], CORE)
    with pytest.raises(AssertionError, match="y must lie in"):
        run_js([("core", "sigmoid_bce", (0.0, 2.0))], CORE)


# --------------------------------------------------------------------------- the explorers' readouts


def _logit_states(rng):
    states = []
    for k in range(N_CASES):
        C = int(rng.integers(2, 9))
        z = rng.uniform(-8, 8, C)
        if k % 4 == 1:
            z = np.round(z, 1)  # slider steps
        elif k % 4 == 2:
            z = rng.choice([-8.0, 8.0, 0.0], C)  # the ends of the sliders: confident, right or wrong
        eps = 0.0 if k % 2 else float(rng.choice([np.round(rng.random() * 0.5, 2), rng.random() * 0.99]))
        states.append({"logits": z.tolist(), "true_class": int(rng.integers(C)), "label_smoothing": eps})
    return states


def test_logit_explorer_readouts():
    states = _logit_states(np.random.default_rng(505))
    got = run_js([("logit", "readouts", (s,)) for s in states], {"logit": JS / "logit.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = LogitExplorer.readouts(s)
        assert list(g) == list(expected)  # the same quantities, in the same order
        assert_close(list(g.values()), list(expected.values()), f"LogitExplorer.readouts({s})")


def test_sigmoid_gradient_explorer_readouts():
    rng = np.random.default_rng(606)
    z = np.concatenate([rng.uniform(-10, 10, 600), np.round(rng.uniform(-10, 10, 300), 1), rng.uniform(-40, 40, 96),
                        [0.0, -10.0, 10.0, 36.7]])
    states = [{"z": float(v), "y": int(i % 2)} for i, v in enumerate(z)]
    got = run_js([("sg", "readouts", (s,)) for s in states], {"sg": JS / "sigmoid_gradient.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = SigmoidGradientExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), f"SigmoidGradientExplorer.readouts({s})")
