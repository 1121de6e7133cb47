"""Notebook 11's package functions: dpo_loss (TRL's sigmoid loss), kl_estimators (Schulman 2020),
the KL-regularised optimum, DPO's implicit reward and gradient.

Hand-worked values, exact identities, finite differences for the gradient, SciPy for the optimum,
hypothesis for the properties (PyTorch as the oracle: tests/test_torch_oracle.py).
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lossnotes
from lossnotes.alignment import (
    dpo_loss_gradient,
    implicit_reward,
    kl_regularised_objective,
    kl_regularised_optimum,
)
from lossnotes.gradcheck import check_gradient
from lossnotes.information import kl_divergence, kl_estimators
from lossnotes.losses import dpo_loss

PROPERTY = settings(max_examples=40, deadline=None)
LN2 = math.log(2.0)
rng = np.random.default_rng(11)


def _pairs(n=7, seed=0):
    """Four arrays of response log-probabilities (all < 0), one entry per pair."""
    g = np.random.default_rng(seed)
    return tuple(-g.uniform(0.5, 30.0, size=n) for _ in range(4))


def _reference_dpo(pc, pr, rc, rr, beta, eps):
    """The formula as written in the issue: h = (pi_c - ref_c) - (pi_r - ref_r), log sigma by log1p."""
    h = (np.asarray(pc) - rc) - (np.asarray(pr) - rr)
    x = beta * h
    log_sig = lambda t: -np.logaddexp(0.0, -t)  # noqa: E731
    return -(1 - eps) * log_sig(x) - eps * log_sig(-x)


def _binary_entropy_nats(eps):
    return 0.0 if eps == 0 else -(eps * math.log(eps) + (1 - eps) * math.log1p(-eps))


# --------------------------------------------------------------------------- dpo_loss: values


def test_dpo_zero_margin_is_log_2_for_every_beta_and_epsilon():
    for beta in (0.01, 0.1, 1.0, 7.0):
        for eps in (0.0, 0.1, 0.5):
            assert dpo_loss([-2.0], [-3.0], [-2.0], [-3.0], beta=beta, label_smoothing=eps) == pytest.approx(LN2,
                                                                                                          abs=1e-15)


def test_dpo_hand_worked_values():
    # policy raised the chosen response by 2 nats over the reference and lowered the rejected by 3: h = 5
    pc, pr, rc, rr = [-3.0], [-8.0], [-5.0], [-5.0]
    assert dpo_loss(pc, pr, rc, rr, beta=0.5) == pytest.approx(math.log1p(math.exp(-2.5)), rel=1e-15)
    want = 0.9 * math.log1p(math.exp(-2.5)) + 0.1 * math.log1p(math.exp(2.5))
    assert dpo_loss(pc, pr, rc, rr, beta=0.5, label_smoothing=0.1) == pytest.approx(want, rel=1e-15)
    # the default beta is TRL's 0.1
    assert dpo_loss(pc, pr, rc, rr) == pytest.approx(math.log1p(math.exp(-0.5)), rel=1e-15)


@pytest.mark.parametrize("eps", [0.0, 0.05, 0.3, 0.5])
@pytest.mark.parametrize("beta", [0.05, 0.5, 3.0])
def test_dpo_matches_the_formula_and_reductions(beta, eps):
    pc, pr, rc, rr = _pairs()
    want = _reference_dpo(pc, pr, rc, rr, beta, eps)
    np.testing.assert_allclose(dpo_loss(pc, pr, rc, rr, beta, eps, reduction="none"), want, rtol=1e-13, atol=1e-15)
    assert dpo_loss(pc, pr, rc, rr, beta, eps) == pytest.approx(want.mean(), rel=1e-13)
    assert dpo_loss(pc, pr, rc, rr, beta, eps, reduction="sum") == pytest.approx(want.sum(), rel=1e-13)


def test_dpo_is_stable_for_huge_margins_and_keeps_float32():
    # beta*h = +-2000: exp would overflow; softplus does not, and nothing warns (warnings are errors here)
    big = dpo_loss([0.0, -4000.0], [-4000.0, 0.0], [-1.0, -1.0], [-1.0, -1.0], beta=0.5, reduction="none")
    np.testing.assert_allclose(big, [0.0, 2000.0], atol=1e-300)
    smoothed = dpo_loss([0.0], [-4000.0], [-1.0], [-1.0], beta=0.5, label_smoothing=0.1)
    assert smoothed == pytest.approx(0.1 * 2000.0, rel=1e-12)
    out = dpo_loss(np.float32([-1, -2]), np.float32([-3, -1]), np.float32([-2, -2]), np.float32([-2, -2]))
    assert out.dtype == np.float32
    assert dpo_loss(*(np.float32([-1.0, -2.0]),) * 4, reduction="none").dtype == np.float32


# --------------------------------------------------------------------------- dpo_loss: properties


finite_margin = st.floats(-60.0, 60.0, allow_nan=False)
smoothing = st.floats(0.0, 0.5)
betas = st.floats(0.01, 5.0)


@PROPERTY
@given(finite_margin, smoothing, betas)
def test_dpo_swapping_chosen_and_rejected_changes_the_loss_by_minus_one_minus_2eps_times_beta_h(h, eps, beta):
    # Swapping the responses turns h into -h; log sigma(x) - log sigma(-x) = x makes the difference exact.
    ref = -100.0
    fwd = dpo_loss([ref + h / 2], [ref - h / 2], [ref], [ref], beta, eps)
    back = dpo_loss([ref - h / 2], [ref + h / 2], [ref], [ref], beta, eps)
    hh = (ref + h / 2 - ref) - (ref - h / 2 - ref)
    assert fwd - back == pytest.approx(-(1 - 2 * eps) * beta * hh, abs=1e-9)


@PROPERTY
@given(finite_margin, betas)
def test_dpo_at_epsilon_half_is_symmetric_with_minimum_log_2_not_constant(h, beta):
    # The brief guessed "eps = 0.5 gives a constant loss log 2": it does not.  It is log 2 + log cosh(beta h / 2).
    ref = -100.0
    loss = dpo_loss([ref + h / 2], [ref - h / 2], [ref], [ref], beta, 0.5)
    x = beta * ((ref + h / 2 - ref) - (ref - h / 2 - ref))
    assert loss == pytest.approx(LN2 + (abs(x) / 2 + math.log1p(math.exp(-abs(x))) - LN2), rel=1e-12, abs=1e-15)
    assert loss >= LN2 - 1e-15


@PROPERTY
@given(st.floats(0.001, 0.499), betas)
def test_conservative_dpo_has_a_finite_minimiser_with_the_binary_entropy_as_value(eps, beta):
    x_star = math.log((1 - eps) / eps)                 # sigma(x*) = 1 - eps
    h_star = x_star / beta
    at = dpo_loss([-50.0], [-50.0 - h_star], [-50.0], [-50.0], beta, eps)
    assert at == pytest.approx(_binary_entropy_nats(eps), rel=1e-10)
    for dh in (-0.3, 0.3):
        assert dpo_loss([-50.0], [-50.0 - h_star - dh / beta], [-50.0], [-50.0], beta, eps) > at


# --------------------------------------------------------------------------- gradient and implicit reward


@pytest.mark.parametrize("eps", [0.0, 0.2])
def test_dpo_gradient_matches_finite_differences(eps):
    pc, pr, rc, rr = _pairs(5, seed=3)
    beta = 0.7
    d_c, d_r = dpo_loss_gradient(pc, pr, rc, rr, beta, eps)
    np.testing.assert_array_equal(d_r, -d_c)
    assert check_gradient(lambda v: dpo_loss(v, pr, rc, rr, beta, eps, reduction="sum"), d_c, pc)
    assert check_gradient(lambda v: dpo_loss(pc, v, rc, rr, beta, eps, reduction="sum"), d_r, pr)
    # zero margin: -beta (1 - eps) + beta / 2
    d0, _ = dpo_loss_gradient([-1.0], [-1.0], [-1.0], [-1.0], beta, eps)
    assert d0[0] == pytest.approx(beta * (0.5 - (1 - eps)), rel=1e-15)


def test_dpo_gradient_keeps_a_tiny_push_at_huge_margins():
    d_c, _ = dpo_loss_gradient([0.0], [-1200.0], [-1.0], [-1.0], beta=0.5)     # beta h = 600
    assert d_c[0] < 0 and d_c[0] == pytest.approx(-0.5 * math.exp(-600.0), rel=1e-12)


def test_implicit_reward_and_its_difference_is_the_dpo_logit():
    pc, pr, rc, rr = _pairs(6, seed=4)
    beta = 0.3
    rw, rl = implicit_reward(pc, rc, beta), implicit_reward(pr, rr, beta)
    np.testing.assert_allclose(rw, beta * (pc - rc), rtol=1e-15)
    x = rw - rl
    np.testing.assert_allclose(dpo_loss(pc, pr, rc, rr, beta, reduction="none"), np.logaddexp(0.0, -x), rtol=1e-12)
    with pytest.raises(ValueError, match="^policy_logps must hold log-probabilities"):
        implicit_reward([0.5], [-1.0])
    with pytest.raises(ValueError, match="policy_logps and reference_logps must have the same shape"):
        implicit_reward([-1.0, -2.0], [-1.0])


# --------------------------------------------------------------------------- dpo validation


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(policy_chosen_logps=[0.5, -1.0]), ValueError, "^policy_chosen_logps must hold log-probabilities"),
        (dict(reference_rejected_logps=[-1.0, 2.0]), ValueError, "^reference_rejected_logps must hold log-prob"),
        (dict(policy_rejected_logps=[-1.0]), ValueError,
         r"^policy_chosen_logps and policy_rejected_logps must have the same shape"),
        (dict(reference_chosen_logps=[-1.0, np.nan]), ValueError, "^reference_chosen_logps contains NaN"),
        (dict(policy_chosen_logps=[-np.inf, -1.0]), ValueError, "^policy_chosen_logps contains inf"),
        (dict(policy_chosen_logps="abc"), TypeError, "^policy_chosen_logps must be an array of numbers"),
        (dict(beta=0.0), ValueError, "^beta must be > 0"),
        (dict(beta=True), TypeError, "^beta must be a real number"),
        (dict(label_smoothing=0.6), ValueError, r"^label_smoothing must be <= 0\.5"),
        (dict(label_smoothing=-0.1), ValueError, "^label_smoothing must be >= 0"),
        (dict(reduction="batchmean"), ValueError, "^reduction must be one of"),
    ],
)
def test_dpo_refuses_bad_arguments_by_name(kwargs, error, match):
    args = dict(policy_chosen_logps=[-1.0, -2.0], policy_rejected_logps=[-1.5, -2.5],
                reference_chosen_logps=[-1.2, -2.0], reference_rejected_logps=[-1.1, -2.2])
    args.update(kwargs)
    with pytest.raises(error, match=match):
        dpo_loss(**args)


# PyTorch as the oracle (TRL's formula with F.logsigmoid, autograd for the gradient) is in
# tests/test_torch_oracle.py, beside the other torch checks, so torch is imported once.


# --------------------------------------------------------------------------- kl_estimators


def test_kl_estimators_hand_values():
    k = kl_estimators(np.log([0.5, 0.25]), np.log([0.25, 0.5]))           # r = 1/2 and 2
    np.testing.assert_allclose(k["k1"], [LN2, -LN2], rtol=1e-15)
    np.testing.assert_allclose(k["k2"], [LN2 ** 2 / 2] * 2, rtol=1e-15)
    np.testing.assert_allclose(k["k3"], [-0.5 + LN2, 1 - LN2], rtol=1e-14)
    one = kl_estimators(-1.0, -1.0)                                       # p = q: all exactly 0
    assert one == {"k1": 0.0, "k2": 0.0, "k3": 0.0} and np.ndim(one["k3"]) == 0


def _distributions(draw_vec):
    q = np.asarray(draw_vec[0]) + 1e-3
    p = np.asarray(draw_vec[1]) + 1e-3
    return q / q.sum(), p / p.sum()


vectors = st.integers(2, 8).flatmap(
    lambda n: st.tuples(*(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n) for _ in range(2))))


@PROPERTY
@given(vectors)
def test_k1_and_k3_are_unbiased_exactly_over_a_finite_distribution(vecs):
    q, p = _distributions(vecs)
    k = kl_estimators(np.log(q), np.log(p))
    kl = float(kl_divergence(q, p, base="nats"))
    assert q @ k["k1"] == pytest.approx(kl, abs=1e-12)
    assert q @ k["k3"] == pytest.approx(kl, abs=1e-12)
    assert np.all(k["k2"] >= 0) and np.all(k["k3"] >= 0)


@PROPERTY
@given(st.floats(-700.0, 700.0), st.floats(-700.0, 700.0))
def test_k3_is_never_negative(log_q, log_p):
    k = kl_estimators(log_q, log_p)
    assert k["k3"] >= 0 and k["k2"] >= 0
    assert k["k1"] == -(log_p - log_q)


def test_k2_is_close_to_kl_for_close_distributions_and_biased_for_far_ones():
    q = np.array([0.4, 0.3, 0.2, 0.1])
    bump = np.array([1.0, -1.0, 0.5, -0.5])
    for delta, rel in ((1e-3, 1e-2), (1e-2, 1e-1)):
        p = q * (1 + delta * bump)
        p = p / p.sum()
        k = kl_estimators(np.log(q), np.log(p))
        kl = float(kl_divergence(q, p, base="nats"))
        assert abs(q @ k["k2"] - kl) < rel * kl
    far = np.array([0.05, 0.05, 0.1, 0.8])
    k = kl_estimators(np.log(q), np.log(far))
    kl = float(kl_divergence(q, far, base="nats"))
    assert abs(q @ k["k2"] - kl) > 0.1 * kl                    # far apart, k2 is visibly biased


def test_k3_is_accurate_near_zero_and_at_the_series_switch():
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 40
    xs = [1e-12, -1e-12, 1e-8, -3e-6, 1e-3, -0.0499, 0.0499, -0.1999, 0.1999, 0.2, -0.2, 0.2001, -0.2001,
          0.3, -2.0, 5.0, -40.0]
    got = kl_estimators(np.zeros(len(xs)), np.array(xs))["k3"]
    for x, g in zip(xs, got):
        exact = mpmath.expm1(mpmath.mpf(x)) - mpmath.mpf(x)
        assert abs(g - float(exact)) <= 2e-15 * float(exact), (x, g, exact)


def test_kl_estimators_edge_cases_and_errors():
    k = kl_estimators([-1.0, -2.0], [-np.inf, -2.0])             # p = 0 where q > 0: KL is infinite
    assert [k["k1"][0], k["k2"][0], k["k3"][0]] == [np.inf] * 3 and k["k3"][1] == 0.0
    big = kl_estimators(-1.0, 800.0)                              # r = e^801 overflows: inf, no warning
    assert big["k3"] == np.inf and big["k1"] == -801.0
    assert kl_estimators(np.float32([-1.0]), np.float32([-2.0]))["k3"].dtype == np.float32
    with pytest.raises(ValueError, match="^log_q is -inf at index 1: the samples must be drawn from q"):
        kl_estimators([-1.0, -np.inf], [-1.0, -1.0])
    with pytest.raises(ValueError, match="^log_p contains NaN"):
        kl_estimators([-1.0], [np.nan])
    with pytest.raises(ValueError, match=r"^log_p contains \+inf"):
        kl_estimators([-1.0], [np.inf])
    with pytest.raises(ValueError, match="log_q and log_p must have the same shape"):
        kl_estimators([-1.0, -2.0], [-1.0])
    with pytest.raises(TypeError, match="^log_q must be"):
        kl_estimators("x", [-1.0])


# --------------------------------------------------------------------------- the KL-regularised optimum


def _dirichlet(n, count, seed):
    return np.random.default_rng(seed).dirichlet(np.ones(n), size=count)


@pytest.mark.parametrize("beta", [0.05, 0.5, 2.0, 40.0])
def test_the_optimum_beats_random_policies_and_matches_its_value(beta):
    ref = np.array([0.4, 0.25, 0.2, 0.1, 0.05])
    r = np.array([0.0, 1.0, -0.5, 2.0, 3.0])
    best = kl_regularised_optimum(ref, r, beta)
    assert best.policy.sum() == pytest.approx(1.0, abs=1e-15)
    assert kl_regularised_objective(best.policy, ref, r, beta) == pytest.approx(best.value, rel=1e-12, abs=1e-13)
    others = _dirichlet(5, 400, seed=int(beta * 100))
    j = kl_regularised_objective(others, ref, r, beta)
    assert j.shape == (400,) and np.all(j <= best.value + 1e-12)
    # Gibbs: J(pi) = J(pi*) - beta KL(pi || pi*), exactly
    gap = beta * kl_divergence(others, np.broadcast_to(best.policy, others.shape), base="nats")
    np.testing.assert_allclose(j, best.value - gap, rtol=1e-10, atol=1e-12)


def test_the_optimum_agrees_with_scipy():
    optimize = pytest.importorskip("scipy.optimize")
    ref = np.array([0.5, 0.3, 0.15, 0.05])
    r = np.array([0.2, 1.0, -1.0, 2.5])
    beta = 0.8

    def negative_j(theta):
        pi = np.exp(theta - theta.max())
        pi /= pi.sum()
        return -float(kl_regularised_objective(pi, ref, r, beta))

    res = optimize.minimize(negative_j, np.zeros(4), method="BFGS", options={"gtol": 1e-10})
    best = kl_regularised_optimum(ref, r, beta)
    assert -res.fun == pytest.approx(best.value, abs=1e-9)
    pi = np.exp(res.x - res.x.max())
    np.testing.assert_allclose(pi / pi.sum(), best.policy, atol=1e-5)


def test_the_limits_beta_to_zero_and_to_infinity():
    ref = np.array([0.5, 0.2, 0.2, 0.1, 0.0])
    r = np.array([1.0, 3.0, 3.0, 2.0, 10.0])        # reward 10 is outside the reference's support
    for tiny in (0.0, 1e-300, 1e-12):
        best = kl_regularised_optimum(ref, r, tiny)
        np.testing.assert_allclose(best.policy, [0.0, 0.5, 0.5, 0.0, 0.0], atol=1e-300)   # ties share by ref
        assert best.value == pytest.approx(3.0 + tiny * math.log(0.4), abs=1e-15)
    at_inf = kl_regularised_optimum(ref, r, np.inf)
    np.testing.assert_array_equal(at_inf.policy, ref)
    assert at_inf.value == pytest.approx(ref @ r, rel=1e-15)
    mean, var = ref @ r, ref @ (r - ref @ r) ** 2
    for big in (1e6, 1e12):
        huge = kl_regularised_optimum(ref, r, big)
        assert huge.value == pytest.approx(mean + var / (2 * big), rel=1e-13)   # second order in 1/beta
        np.testing.assert_allclose(huge.policy, ref, rtol=10 / big, atol=1e-300)


def test_the_optimum_is_vectorised_over_beta_and_batches():
    ref, r = np.array([0.5, 0.3, 0.2]), np.array([0.0, 1.0, 3.0])
    betas = np.array([0.0, 0.1, 1.0, 10.0, np.inf])
    many = kl_regularised_optimum(ref, r, betas)
    assert many.policy.shape == (5, 3) and many.value.shape == (5,)
    for i, b in enumerate(betas):
        one = kl_regularised_optimum(ref, r, b)
        np.testing.assert_allclose(many.policy[i], one.policy, rtol=1e-15)
        assert many.value[i] == pytest.approx(float(one.value), rel=1e-15)
    assert np.all(np.diff(many.value) <= 0)          # a larger beta is a tighter leash: lower optimum
    refs = _dirichlet(3, 4, seed=1)
    assert kl_regularised_optimum(refs, r, 0.5).policy.shape == (4, 3)


@pytest.mark.parametrize(
    "args, error, match",
    [
        (([0.5, 0.6], [0.0, 1.0], 1.0), ValueError, "^ref_probs does not sum to 1"),
        (([0.5, 0.5], [0.0, np.nan], 1.0), ValueError, "^rewards contains NaN"),
        (([0.5, 0.5], [0.0, 1.0, 2.0], 1.0), ValueError, "^ref_probs and rewards need one entry per response"),
        (([0.5, 0.5], [0.0, 1.0], -1.0), ValueError, "^beta must be a number >= 0 or inf"),
        (([0.5, 0.5], [0.0, 1.0], np.nan), ValueError, "^beta must be"),
        (([0.5, 0.5], [0.0, 1.0], "big"), TypeError, "^beta must be a real number"),
        (([0.5, 0.5], [0.0, 1.0], [1.0, 2.0, 3.0]), None, None),
    ],
)
def test_optimum_errors_name_the_argument(args, error, match):
    if error is None:
        assert kl_regularised_optimum(*args).value.shape == (3,)
        return
    with pytest.raises(error, match=match):
        kl_regularised_optimum(*args)


def test_objective_edge_cases():
    r = [0.0, 1.0, 3.0]
    assert kl_regularised_objective([0, 0, 1.0], [0.5, 0.5, 0.0], r, 1.0) == -np.inf
    assert kl_regularised_objective([0, 0, 1.0], [0.5, 0.5, 0.0], r, 0.0) == 3.0     # beta = 0: E_pi[r]
    extreme = kl_regularised_optimum([0.5, 0.5], [-1e308, 1e308], 1.0)           # r - r_max overflows: no warning
    np.testing.assert_array_equal(extreme.policy, [0.0, 1.0])
    with pytest.raises(ValueError, match="^beta must be a finite number >= 0"):
        kl_regularised_objective([0.5, 0.5], [0.5, 0.5], [0, 1], np.inf)
    with pytest.raises(ValueError, match="^policy does not sum to 1"):
        kl_regularised_objective([0.5, 0.6], [0.5, 0.5], [0, 1], 1.0)


def test_student_errors_speak_chinese():
    lossnotes.set_language("zh")
    try:
        with pytest.raises(ValueError, match="^log_q 在下标 1 处为 -inf"):
            kl_estimators([-1.0, -np.inf], [-1.0, -1.0])
        with pytest.raises(ValueError, match="^beta 必须"):
            kl_regularised_optimum([0.5, 0.5], [0.0, 1.0], -1.0)
        with pytest.raises(ValueError, match="^policy_chosen_logps 和 policy_rejected_logps"):
            dpo_loss([-1.0], [-1.0, -2.0], [-1.0], [-1.0])
    finally:
        lossnotes.set_language("en")


def test_objective_beta_must_fit_the_batch_and_modules_import_only_numpy():
    with pytest.raises(ValueError, match=r"^beta of shape \(3,\) does not broadcast"):
        kl_regularised_objective(np.full((2, 2), 0.5), [0.5, 0.5], [0.0, 1.0], [1.0, 2.0, 3.0])
    import subprocess
    import sys

    code = ("import sys, lossnotes.alignment, lossnotes.calibration; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'matplotlib', 'ipywidgets', 'torch'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- distilling a character model (notebook 11)

from lossnotes.alignment import (  # noqa: E402
    CharStudent,
    char_student_cross_entropy,
    distil_char_student,
    sample_char_student,
)
from lossnotes.compression import CharNGram  # noqa: E402

_TEXT = "the cat sat on the mat. the dog ate the hat! " * 40


@pytest.fixture(scope="module")
def teacher():
    return CharNGram(2).fit(_TEXT)


def test_forward_student_is_the_average_teacher_row(teacher):
    s = distil_char_student(teacher, "forward", n_chars=3000, seed=4)
    assert s.alphabet == teacher.alphabet
    np.testing.assert_allclose(s.probs.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    text = teacher.sample(3000, seed=4)
    ids = np.array([teacher.alphabet.index(c) for c in text])
    t = teacher.next_char_probs(text)
    a = teacher.alphabet.index("t")
    after = ids[:-1] == a
    np.testing.assert_allclose(s.probs[a], t[1:][after].mean(axis=0), rtol=1e-12)
    # the exact minimiser of the summed forward KL: its gradient in the logits is zero there
    grad = (s.probs[a] - t[1:][after]).sum(axis=0)        # d/dz sum_i KL(t_i || softmax(z)) = sum_i (s - t_i)
    assert np.abs(grad).max() < 1e-9


def test_reverse_student_is_mode_seeking_and_seeded(teacher):
    fwd = distil_char_student(teacher, "forward", n_chars=3000, seed=1)
    rev = distil_char_student(teacher, "reverse", n_chars=3000, rounds=3, seed=1)
    again = distil_char_student(teacher, "reverse", n_chars=3000, rounds=3, seed=1)
    np.testing.assert_array_equal(rev.probs, again.probs)
    ent = lambda p: -(p * np.log(np.where(p > 0, p, 1))).sum(axis=1)   # noqa: E731
    assert ent(rev.probs).mean() < ent(fwd.probs).mean()               # the geometric mean is sharper
    text_f, text_r = sample_char_student(fwd, 2000, seed=2), sample_char_student(rev, 2000, seed=2)
    assert teacher.cross_entropy(text_r) < teacher.cross_entropy(text_f)


def test_sampling_and_cross_entropy_by_hand():
    s = CharStudent(np.array([[0.0, 1.0], [1.0, 0.0]]), "ab")
    assert sample_char_student(s, 4, prompt="b") == "abab"
    assert char_student_cross_entropy(s, "abab") == 0.0
    assert char_student_cross_entropy(CharStudent(np.full((2, 2), 0.5), "ab"), "aab") == 1.0
    assert math.isinf(char_student_cross_entropy(s, "aa"))


def test_distillation_errors(teacher):
    with pytest.raises(ValueError, match="divergence must be 'forward' or 'reverse'"):
        distil_char_student(teacher, "backward")
    with pytest.raises(ValueError, match="n_chars must be an integer >= 2"):
        distil_char_student(teacher, n_chars=1)
    with pytest.raises(ValueError, match="rounds must be an integer >= 1"):
        distil_char_student(teacher, "reverse", rounds=0)
    with pytest.raises(ValueError, match="order >= 1"):
        distil_char_student(CharNGram(0).fit(_TEXT))
    s = distil_char_student(teacher, n_chars=500)
    with pytest.raises(ValueError, match="prompt must end with a character"):
        sample_char_student(s, 5, prompt="Z")
    with pytest.raises(ValueError, match="n must be an integer >= 0"):
        sample_char_student(s, -1)
    with pytest.raises(ValueError, match="text must have at least 2 characters"):
        char_student_cross_entropy(s, "t")
    with pytest.raises(ValueError, match="only the characters of the student's alphabet"):
        char_student_cross_entropy(s, "tZ")
