"""Tests for lossnotes.information: hand-worked values, SciPy as an oracle,
hypothesis properties, dtype/shape semantics, warnings and input errors."""

import doctest
import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial.distance import jensenshannon

import lossnotes.information as info
from lossnotes.information import (
    binary_entropy,
    convert_units,
    cross_entropy,
    entropy,
    js_distance,
    js_divergence,
    kl_divergence,
    self_information,
)

LN2 = math.log(2)
PROPERTY = settings(max_examples=80, deadline=None)  # keeps the file near 1.5 s
TWO_ARG = [cross_entropy, kl_divergence, js_divergence, js_distance]
ALL_VECTOR = [entropy] + TWO_ARG


# --------------------------------------------------------------------------- strategies

_weights = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1.0))


def _normalise(w):
    w = w.copy()
    w[..., 0] += w.sum(axis=-1) == 0  # every vector needs some mass
    return w / w.sum(axis=-1, keepdims=True)


@st.composite
def distributions(draw, count=1):
    """``count`` probability arrays of one shape (1-D or a batch), with exact zeros.

    All of them come from a single array draw (one draw costs about 1 ms,
    whatever its size), so the property tests stay fast.
    """
    n = draw(st.integers(1, 6))
    shape = (n,) if draw(st.booleans()) else (draw(st.integers(1, 4)), n)
    w = _normalise(draw(hnp.arrays(np.float64, (count,) + shape, elements=_weights)))
    return w[0] if count == 1 else tuple(w)


# --------------------------------------------------------------------------- hand-worked values


def test_fair_coin_is_one_bit():
    assert entropy([0.5, 0.5]) == 1.0
    assert binary_entropy(0.5) == 1.0


def test_world_cup_self_information():
    assert self_information(1 / 8) == 3.0
    assert self_information(1 / 8) == pytest.approx(self_information(1 / 4) + self_information(1 / 2))
    assert self_information(1 / 4) == 2.0
    assert self_information(1 / 2) == 1.0


def test_sun_rises_is_no_surprise_and_impossible_is_infinite():
    assert self_information(1) == 0.0
    assert not np.signbit(self_information(1))  # +0.0, not -0.0
    assert self_information(0) == np.inf


def test_self_information_elementwise():
    np.testing.assert_array_equal(self_information([[1, 0.5], [0.25, 0]]), [[0, 1], [2, np.inf]])
    assert self_information(0.5, base="nats") == pytest.approx(LN2, abs=1e-15)


def test_uniform_over_eight_is_three_bits():
    assert entropy(np.full(8, 1 / 8)) == pytest.approx(3.0, abs=1e-15)


def test_point_mass_has_zero_entropy():
    h = entropy([0.0, 1.0, 0.0])
    assert h == 0.0 and not np.signbit(h)


@pytest.mark.parametrize("base", ["nats", np.e])
def test_kl_of_one_hot_hand_worked(base):
    assert kl_divergence([1, 0, 0], [0.7, 0.2, 0.1], base=base) == pytest.approx(-math.log(0.7), abs=1e-15)


def test_cross_entropy_one_hot_is_minus_log_q_true():
    q = [0.1, 0.7, 0.2]
    assert cross_entropy([0, 1, 0], q) == pytest.approx(-math.log2(0.7), abs=1e-15)
    assert cross_entropy([0, 1, 0], q, base="nats") == pytest.approx(-math.log(0.7), abs=1e-15)


def test_units():
    assert convert_units(1, "bits", "nats") == pytest.approx(LN2, abs=1e-15)
    assert convert_units(1, "bits", "hartleys") == pytest.approx(math.log10(2), abs=1e-15)
    assert convert_units(1, 2, np.e) == pytest.approx(LN2, abs=1e-15)
    assert convert_units(LN2, "nats", "bits") == pytest.approx(1.0, abs=1e-15)
    assert convert_units(np.inf, "bits", "nats") == np.inf
    np.testing.assert_allclose(convert_units([1.0, 2.0], "bits", "nats"), [LN2, 2 * LN2], rtol=1e-15)
    p = [0.2, 0.3, 0.5]
    expected = entropy(p, base="hartleys")
    assert convert_units(entropy(p), "bits", "hartleys") == pytest.approx(expected, rel=1e-14)


def test_js_of_disjoint_distributions_is_one_bit():
    assert js_divergence([1, 0], [0, 1]) == pytest.approx(1.0, abs=1e-15)
    assert js_divergence([0.5, 0.5, 0, 0], [0, 0, 0.25, 0.75], base="nats") == pytest.approx(LN2, abs=1e-15)
    assert js_distance([1, 0], [0, 1]) == pytest.approx(1.0, abs=1e-15)


def test_identical_inputs_give_exact_zeros():
    p = np.array([0.1, 0.2, 0.0, 0.7])
    assert kl_divergence(p, p) == 0.0
    assert js_divergence(p, p) == 0.0
    assert js_distance(p, p) == 0.0
    assert cross_entropy(p, p) == entropy(p)


def test_infinite_divergences():
    assert cross_entropy([0.5, 0.5], [1, 0]) == np.inf
    assert kl_divergence([0.5, 0.5], [1, 0]) == np.inf
    # p_i = 0 terms contribute 0 even where q_i = 0
    assert np.isfinite(cross_entropy([1, 0], [1, 0]))
    assert kl_divergence([1, 0], [1, 0]) == 0.0
    assert js_divergence([0.5, 0.5], [1, 0]) < 1


def test_binary_entropy_endpoints_and_symmetry():
    np.testing.assert_array_equal(binary_entropy([0.0, 1.0]), [0.0, 0.0])
    x = np.linspace(0, 1, 101)
    np.testing.assert_allclose(binary_entropy(x), binary_entropy(1 - x), atol=1e-14)
    np.testing.assert_allclose(binary_entropy(x), entropy(np.stack([x, 1 - x], axis=-1)), atol=1e-14)
    # accurate at small p, where (1 - p) log(1 - p) ~ -p needs log1p
    exact = -(1e-10 * math.log2(1e-10) + (1 - 1e-10) * math.log1p(-1e-10) / LN2)
    assert binary_entropy(1e-10) == pytest.approx(exact, rel=1e-12)


# --------------------------------------------------------------------------- SciPy as oracle

P = np.array([[0.5, 0.5, 0.0, 0.0], [0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 0.0, 1.0], [0.25, 0.25, 0.25, 0.25],
              [0.7, 0.0, 0.3, 0.0]])
Q = np.array([[0.25, 0.25, 0.25, 0.25], [0.4, 0.3, 0.2, 0.1], [0.0, 0.5, 0.0, 0.5], [0.0, 0.0, 0.5, 0.5],
              [0.7, 0.3, 0.0, 0.0]])


@pytest.mark.parametrize("base", [2, np.e, 10, 3.5])
def test_entropy_against_scipy(base):
    for p in P:
        assert entropy(p, base=base) == pytest.approx(scipy.stats.entropy(p, base=base), rel=1e-14, abs=1e-15)
    np.testing.assert_allclose(entropy(P, base=base), scipy.stats.entropy(P, base=base, axis=1), rtol=1e-14)
    # scipy's default is axis 0: ours needs axis=0 to match
    np.testing.assert_allclose(entropy(P.T, base=base, axis=0), scipy.stats.entropy(P.T, base=base),
                               rtol=1e-14)


def test_kl_against_scipy_on_batches_with_zeros():
    expected = scipy.stats.entropy(P, Q, axis=1)
    assert np.isinf(expected).tolist() == [False, False, False, True, True]  # q_i = 0 < p_i in rows 3, 4
    ours = kl_divergence(P, Q, base="nats")
    np.testing.assert_allclose(ours, expected, rtol=1e-14)
    np.testing.assert_array_equal(np.isinf(ours), np.isinf(expected))
    np.testing.assert_allclose(ours, scipy.special.rel_entr(P, Q).sum(-1), rtol=1e-14)
    np.testing.assert_allclose(kl_divergence(Q, P, base=2), scipy.stats.entropy(Q, P, axis=1, base=2),
                               rtol=1e-14)


def test_cross_entropy_against_scipy():
    expected = scipy.stats.entropy(P, axis=1) + scipy.stats.entropy(P, Q, axis=1)
    np.testing.assert_allclose(cross_entropy(P, Q, base="nats"), expected, rtol=1e-14)
    np.testing.assert_allclose(cross_entropy(P, Q), -scipy.special.xlogy(P, Q).sum(-1) / LN2, rtol=1e-14)


def test_js_against_scipy():
    d = jensenshannon(P, Q, base=2, axis=1)
    np.testing.assert_allclose(js_divergence(P, Q), d**2, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(js_distance(P, Q), d, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(js_distance(P, Q, base="nats"), jensenshannon(P, Q, axis=1), rtol=1e-13)
    for p, q in zip(P, Q):
        assert js_divergence(p, q) == pytest.approx(jensenshannon(p, q, base=2) ** 2, rel=1e-13, abs=1e-15)


@PROPERTY
@given(distributions(count=2))
def test_oracle_property(pq):
    p, q = pq
    np.testing.assert_allclose(entropy(p), scipy.stats.entropy(p, base=2, axis=-1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(kl_divergence(p, q, base="nats"), scipy.special.rel_entr(p, q).sum(-1),
                               rtol=1e-12, atol=1e-14)
    ref = jensenshannon(p, q, base=2, axis=-1) ** 2
    # SciPy takes the square root of a JS that rounding can make slightly negative when
    # p ≈ q, and returns NaN there; the true value is ~0 (lossnotes clamps it at 0).
    ref = np.where(np.isnan(ref), 0.0, ref)
    np.testing.assert_allclose(js_divergence(p, q), ref, rtol=1e-10, atol=1e-14)


# --------------------------------------------------------------------------- hypothesis properties


@PROPERTY
@given(distributions(count=2))
def test_gibbs_and_decomposition(pq):
    p, q = pq
    h, ce, kl = entropy(p), cross_entropy(p, q), kl_divergence(p, q)
    assert np.all(kl >= 0)  # exactly, thanks to the clip
    assert np.all(ce >= h - 1e-12)  # Gibbs
    finite = np.isfinite(ce)
    np.testing.assert_array_equal(finite, np.isfinite(kl))
    np.testing.assert_allclose(np.where(finite, ce, 0), np.where(finite, h + kl, 0), rtol=1e-12, atol=1e-12)


@PROPERTY
@given(distributions())
def test_kl_of_p_with_itself_and_entropy_bounds(p):
    assert np.all(kl_divergence(p, p) == 0)
    assert np.all(js_divergence(p, p) == 0)
    h = entropy(p)
    assert np.all(h >= 0)
    assert np.all(h <= math.log2(p.shape[-1]) + 1e-12)


@PROPERTY
@given(distributions(count=2))
def test_js_symmetric_and_bounded(pq):
    p, q = pq
    js = js_divergence(p, q)
    assert np.array_equal(js, js_divergence(q, p))  # bitwise
    assert np.all((0 <= js) & (js <= 1))
    js_nats = js_divergence(p, q, base="nats")
    assert np.array_equal(js_nats, js_divergence(q, p, base="nats"))
    assert np.all((0 <= js_nats) & (js_nats <= LN2))
    assert np.array_equal(js_distance(p, q), js_distance(q, p))


@PROPERTY
@given(distributions(count=3))
def test_js_distance_triangle_inequality(pqr):
    p, q, r = pqr
    assert np.all(js_distance(p, r) <= js_distance(p, q) + js_distance(q, r) + 1e-12)


@PROPERTY
@given(distributions(count=2), st.sampled_from([np.e, 10, "nats", "hartleys", 0.5, 7.0]))
def test_base_change_scaling(pq, base):
    p, q = pq
    factor = convert_units(1.0, 2, base)
    cases = [(entropy, (p,)), (cross_entropy, (p, q)), (kl_divergence, (p, q)), (js_divergence, (p, q))]
    for f, args in cases:
        bits, other = f(*args), f(*args, base=base)
        finite = np.isfinite(bits)
        np.testing.assert_array_equal(finite, np.isfinite(other))
        np.testing.assert_allclose(np.where(finite, other, 0), np.where(finite, bits * factor, 0),
                                   rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------------- dtype and shape semantics


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_float32_in_float32_out(f):
    p = np.array([0.5, 0.25, 0.25], dtype=np.float32)
    q = np.array([0.25, 0.25, 0.5], dtype=np.float32)
    args = (p,) if f is entropy else (p, q)
    r = f(*args)
    assert isinstance(r, np.float32)
    rb = f(*(np.stack([a, a]) for a in args))
    assert isinstance(rb, np.ndarray) and rb.dtype == np.float32 and rb.shape == (2,)


def test_float32_elementwise_functions():
    x = np.array([0.0, 0.5, 1.0], dtype=np.float32)
    assert self_information(x).dtype == np.float32
    assert binary_entropy(x).dtype == np.float32
    assert isinstance(self_information(np.float32(0.5)), np.float32)
    assert convert_units(x, "bits", "nats").dtype == np.float32


def test_mixed_float32_float64_computes_in_float64():
    p = np.array([0.5, 0.5], dtype=np.float32)
    assert isinstance(kl_divergence(p, np.array([0.25, 0.75])), np.float64)


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_vector_gives_float64_scalar(f):
    r = f(*([[0.2, 0.8]] if f is entropy else [[0.2, 0.8], [0.5, 0.5]]))
    assert isinstance(r, np.float64) and not isinstance(r, np.ndarray)


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_batch_shape_and_axis(f):
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=(2, 4))
    q = rng.dirichlet(np.ones(3), size=(2, 4))
    call = (lambda a, b, **kw: f(a, **kw)) if f is entropy else f
    assert call(p[0], q[0]).shape == (4,)
    out = call(p, q)
    assert out.shape == (2, 4)
    np.testing.assert_allclose(out[1, 2], call(p[1, 2], q[1, 2]), rtol=1e-15)
    np.testing.assert_allclose(call(np.moveaxis(p, -1, 0), np.moveaxis(q, -1, 0), axis=0), out, rtol=1e-15)
    np.testing.assert_allclose(call(p.transpose(0, 2, 1), q.transpose(0, 2, 1), axis=1), out, rtol=1e-15)


@pytest.mark.parametrize("f", TWO_ARG + [entropy, self_information, binary_entropy])
def test_inputs_are_not_modified(f):
    p = np.array([[0.5, 0.5, 0.0], [0.1, 0.0, 0.9]])
    q = np.array([[0.2, 0.3, 0.5], [0.0, 0.5, 0.5]])
    p0, q0 = p.copy(), q.copy()
    f(p) if f in (entropy, self_information, binary_entropy) else f(p, q)
    np.testing.assert_array_equal(p, p0)
    np.testing.assert_array_equal(q, q0)


# --------------------------------------------------------------------------- no RuntimeWarning


def test_zeros_and_infinities_raise_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert self_information(0) == np.inf
        assert np.isinf(self_information([0.0, 1.0])).tolist() == [True, False]
        assert entropy([1.0, 0.0]) == 0.0
        assert entropy(np.eye(3)).tolist() == [0.0, 0.0, 0.0]
        assert binary_entropy(np.array([0.0, 1.0])).tolist() == [0.0, 0.0]
        assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
        assert kl_divergence([0.5, 0.5], [0.0, 1.0], base="nats") == np.inf
        assert kl_divergence(np.eye(2), np.eye(2)[::-1]).tolist() == [np.inf, np.inf]
        assert js_divergence([1.0, 0.0], [0.0, 1.0]) == 1.0
        assert js_distance(np.zeros((2, 3)) + [1, 0, 0], np.zeros((2, 3)) + [0, 0, 1]).tolist() == [1.0, 1.0]
        assert convert_units(np.inf, "nats", "bits") == np.inf


def test_import_pulls_in_no_heavy_modules():
    code = ("import sys, lossnotes.information; "
            "print(sorted(m for m in ('scipy', 'matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_negative_probability_in_p(f):
    bad = [-0.1, 1.1]
    with pytest.raises(ValueError, match=r"^p has a negative probability"):
        f(bad) if f is entropy else f(bad, [0.5, 0.5])


@pytest.mark.parametrize("f", TWO_ARG)
def test_negative_probability_in_q(f):
    with pytest.raises(ValueError, match=r"^q has a negative probability"):
        f([0.5, 0.5], [1.2, -0.2])


@pytest.mark.parametrize("f", [self_information, binary_entropy])
def test_elementwise_probability_out_of_range(f):
    with pytest.raises(ValueError, match=r"^p has a negative probability"):
        f([0.5, -0.5])
    with pytest.raises(ValueError, match=r"^p has a probability greater than 1"):
        f(1.5)


@pytest.mark.parametrize("f", ALL_VECTOR + [self_information, binary_entropy])
def test_nan_rejected(f):
    with pytest.raises(ValueError, match=r"^p contains NaN"):
        f([np.nan, 1.0]) if f not in TWO_ARG else f([np.nan, 1.0], [0.5, 0.5])


@pytest.mark.parametrize("f", TWO_ARG)
def test_nan_in_q_rejected(f):
    with pytest.raises(ValueError, match=r"^q contains NaN"):
        f([0.5, 0.5], [0.5, np.nan])


@pytest.mark.parametrize("f", ALL_VECTOR + [self_information, binary_entropy])
def test_inf_rejected(f):
    with pytest.raises(ValueError, match=r"^p contains inf"):
        f([np.inf, 0.0]) if f not in TWO_ARG else f([np.inf, 0.0], [0.5, 0.5])


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_not_summing_to_one_is_not_renormalised(f):
    p = np.array([0.5, 0.4])
    with pytest.raises(ValueError, match=r"^p does not sum to 1 along axis -1 \(it sums to 0\.9\d*\); "
                                         r"lossnotes never renormalises"):
        f(p) if f is entropy else f(p, [0.5, 0.5])
    np.testing.assert_array_equal(p, [0.5, 0.4])  # untouched


@pytest.mark.parametrize("f", TWO_ARG)
def test_q_not_summing_to_one_in_a_batch(f):
    with pytest.raises(ValueError, match=r"^q does not sum to 1 .*the vector at index 1 sums to 2\.0"):
        f(np.full((2, 2), 0.5), np.array([[0.5, 0.5], [1.0, 1.0]]))


def test_columns_summing_to_one_are_not_read_as_distributions():
    # scipy.stats.entropy would take the columns (axis 0); lossnotes reads rows unless told
    a = np.array([[0.9, 0.2], [0.1, 0.8]])
    with pytest.raises(ValueError, match=r"^p does not sum to 1 along axis -1 \(the vector at index 0"):
        entropy(a)
    np.testing.assert_allclose(entropy(a, axis=0), scipy.stats.entropy(a, base=2), rtol=1e-14)


@pytest.mark.parametrize("f", TWO_ARG)
def test_shape_mismatch(f):
    with pytest.raises(ValueError, match=r"p and q must have the same shape, got \(2,\) and \(3,\)"):
        f([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"same shape, got \(2, 2\) and \(2,\)"):
        f(np.full((2, 2), 0.5), [0.5, 0.5])


@pytest.mark.parametrize("f", ALL_VECTOR + [self_information, binary_entropy])
def test_empty_array(f):
    with pytest.raises(ValueError, match=r"^p is empty"):
        f([]) if f not in TWO_ARG else f([], [])
    if f in TWO_ARG:
        with pytest.raises(ValueError, match=r"^q is empty"):
            f([1.0], [])


@pytest.mark.parametrize("f", ALL_VECTOR + [self_information, binary_entropy])
@pytest.mark.parametrize(
    "base, exc, msg",
    [(0, ValueError, r"base must be a finite number > 0 and != 1, got 0"),
     (1, ValueError, r"base must be a finite number > 0 and != 1, got 1"),
     (-2, ValueError, r"base must be a finite number > 0 and != 1, got -2"),
     ("decibels", ValueError, r"base must be a number > 0 .* got 'decibels'"),
     (True, TypeError, r"base must be a real number or a unit name, got bool")],
)
def test_invalid_base(f, base, exc, msg):
    args = ([0.5, 0.5], [0.5, 0.5]) if f in TWO_ARG else ([0.5, 0.5],)
    with pytest.raises(exc, match=msg):
        f(*args, base=base)


def test_convert_units_bad_arguments():
    with pytest.raises(ValueError, match=r"^from_base must be"):
        convert_units(1, 1, "nats")
    with pytest.raises(ValueError, match=r"^to_base must be .*'decibels'"):
        convert_units(1, "bits", "decibels")
    with pytest.raises(TypeError, match=r"^value must be a number"):
        convert_units("1", "bits", "nats")
    with pytest.raises(ValueError, match=r"^value contains NaN"):
        convert_units([1.0, np.nan], "bits", "nats")


@pytest.mark.parametrize("f", ALL_VECTOR + [self_information, binary_entropy])
def test_string_input(f):
    with pytest.raises(TypeError, match=r"^p must be an array of numbers, got a str"):
        f("0.5 0.5") if f not in TWO_ARG else f("0.5 0.5", [0.5, 0.5])
    if f in TWO_ARG:
        with pytest.raises(TypeError, match=r"^q must be an array of real numbers, got dtype <U"):
            f([0.5, 0.5], ["0.5", "0.5"])


@pytest.mark.parametrize("f", ALL_VECTOR)
def test_scalar_where_a_vector_is_needed(f):
    msg = r"^p must be a probability vector \(at least 1-D\), got the scalar 1\.0"
    with pytest.raises(ValueError, match=msg):
        f(1.0) if f is entropy else f(1.0, [1.0])


@pytest.mark.parametrize("axis, exc, msg", [(1.0, TypeError, "axis must be an integer"),
                                            (True, TypeError, "axis must be an integer"),
                                            (2, np.exceptions.AxisError if hasattr(np, "exceptions")
                                             else np.AxisError, r"^p: axis 2 is out of bounds")])
def test_bad_axis(axis, exc, msg):
    with pytest.raises(exc, match=msg):
        entropy(np.full((2, 2), 0.5), axis=axis)


# --------------------------------------------------------------------------- documentation


def test_docstring_examples_run():
    result = doctest.testmod(info, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 16 and result.failed == 0


# kl_estimators works on samples (no base, no axis; notebook 11): tests/test_alignment.py covers it.
@pytest.mark.parametrize("name", [n for n in info.__all__ if n != "kl_estimators"])
def test_docstrings_state_notebook_units_and_axis(name):
    doc = getattr(info, name).__doc__
    assert "Introduced in notebook ``0" in doc
    assert "Examples" in doc and "base" in doc
    assert "last axis" in doc and "scipy.stats.entropy" in doc
