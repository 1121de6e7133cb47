"""Tests for joint_entropy, conditional_entropy and mutual_information (lossnotes.information)
and for the joint-table explorer (lossnotes.widgets.mutual_information): hand-worked values,
scikit-learn as an oracle, hypothesis properties, validation, and sliders moved from Python."""

import doctest
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import mutual_info_score

import lossnotes.widgets.mutual_information as mi_widgets
from lossnotes.information import (
    conditional_entropy,
    entropy,
    joint_entropy,
    kl_divergence,
    mutual_information,
)
from lossnotes.widgets.mutual_information import JointTableExplorer

JOINT = [joint_entropy, conditional_entropy, mutual_information]
PROPERTY = settings(max_examples=80, deadline=None)


# --------------------------------------------------------------------------- hand-worked values


def test_independent_table_has_zero_information():
    t = np.full((2, 2), 0.25)
    assert mutual_information(t) == 0.0
    assert joint_entropy(t) == 2.0 and conditional_entropy(t) == 1.0
    t = np.outer([0.3, 0.7], [0.2, 0.5, 0.3])  # independent, not uniform
    assert mutual_information(t) == pytest.approx(0.0, abs=1e-12)
    assert conditional_entropy(t) == pytest.approx(float(entropy([0.2, 0.5, 0.3])), abs=1e-12)


def test_perfectly_correlated_coins_share_one_bit():
    t = [[0.5, 0.0], [0.0, 0.5]]
    assert mutual_information(t) == 1.0
    assert conditional_entropy(t) == 0.0
    assert joint_entropy(t) == 1.0
    assert mutual_information(t, base="nats") == pytest.approx(math.log(2), abs=1e-15)


def test_hand_worked_asymmetric_table():
    # X = first coin; Y = X when X = 0, a fresh fair coin when X = 1.
    t = [[0.5, 0.0], [0.25, 0.25]]
    assert joint_entropy(t) == pytest.approx(1.5)  # -(0.5 log 0.5 + 2 * 0.25 log 0.25)
    assert conditional_entropy(t) == pytest.approx(0.5)  # 0.5 * H(1, 0) + 0.5 * H(0.5, 0.5)
    h_y = -(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25))
    assert mutual_information(t) == pytest.approx(h_y - 0.5, abs=1e-12)  # 0.3113 bits
    assert conditional_entropy(np.transpose(t)) == pytest.approx(1.5 - h_y, abs=1e-12)  # H(X|Y)


def test_batches_match_one_table_at_a_time():
    rng = np.random.default_rng(0)
    t = rng.dirichlet(np.ones(6), size=(3, 4)).reshape(3, 4, 2, 3)
    for f in JOINT:
        out = f(t)
        assert out.shape == (3, 4)
        for i in range(3):
            for j in range(4):
                assert out[i, j] == pytest.approx(float(f(t[i, j])), rel=1e-12, abs=1e-15)


def test_units_and_dtypes():
    t = np.array([[0.4, 0.1], [0.1, 0.4]])
    for f in JOINT:
        assert f(t, base="nats") == pytest.approx(f(t) * math.log(2), rel=1e-12)
        assert f(t, base=10) == pytest.approx(f(t) * math.log10(2), rel=1e-12)
        assert f(t.astype(np.float32)).dtype == np.float32
        assert f(t).dtype == np.float64


def test_zeros_raise_no_warning():
    t = np.array([[0.5, 0.0, 0.0], [0.0, 0.0, 0.5]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mutual_information(t) == 1.0 and conditional_entropy(t) == 0.0 and joint_entropy(t) == 1.0


def test_tiny_marginals_do_not_underflow():
    t = np.array([[1e-170, 0.0], [0.0, 1.0 - 1e-170]])  # p(x) p(y) = 1e-340 would underflow to 0
    assert np.isfinite(mutual_information(t)) and mutual_information(t) >= 0


# --------------------------------------------------------------------------- scikit-learn oracle


@pytest.mark.parametrize("seed", range(6))
def test_matches_sklearn_on_contingency_tables(seed):
    rng = np.random.default_rng(seed)
    m, n = rng.integers(2, 6, size=2)
    counts = rng.integers(0, 8, size=(m, n))
    counts[0, 0] += 1  # never all zero
    expected = mutual_info_score(None, None, contingency=counts)
    assert mutual_information(counts / counts.sum(), base="nats") == pytest.approx(expected, abs=1e-12)


def test_matches_sklearn_on_label_arrays():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 3, size=500)
    y = (x + rng.integers(0, 2, size=500)) % 4  # depends on x
    counts = np.zeros((3, 4))
    np.add.at(counts, (x, y), 1)
    assert mutual_information(counts / 500, base="nats") == pytest.approx(mutual_info_score(x, y), abs=1e-12)


# --------------------------------------------------------------------------- properties

_weights = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1.0))


@st.composite
def joint_tables(draw):
    m, n = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    w = draw(hnp.arrays(np.float64, (m, n), elements=_weights))
    w[0, 0] += w.sum() == 0
    return w / w.sum()


@PROPERTY
@given(joint_tables())
def test_chain_rule(t):
    assert joint_entropy(t) == pytest.approx(float(entropy(t.sum(axis=1))) + float(conditional_entropy(t)),
                                             abs=1e-9)


@PROPERTY
@given(joint_tables())
def test_mutual_information_identities(t):
    px, py = t.sum(axis=1), t.sum(axis=0)
    i = float(mutual_information(t))
    assert i >= 0
    assert i == pytest.approx(float(entropy(py)) - float(conditional_entropy(t)), abs=1e-9)
    assert i == pytest.approx(float(entropy(px)) + float(entropy(py)) - float(joint_entropy(t)), abs=1e-9)
    prod = np.outer(px, py)
    assert i == pytest.approx(float(kl_divergence(t.ravel(), prod.ravel() / prod.sum())), abs=1e-9)
    assert i <= min(float(entropy(px)), float(entropy(py))) + 1e-9


@PROPERTY
@given(joint_tables())
def test_symmetry_under_transpose_and_bounds(t):
    assert mutual_information(t.T) == pytest.approx(float(mutual_information(t)), abs=1e-12)
    assert joint_entropy(t.T) == pytest.approx(float(joint_entropy(t)), abs=1e-12)
    h_y = float(entropy(t.sum(axis=0)))
    assert 0 <= conditional_entropy(t) <= h_y + 1e-9


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("f", JOINT)
def test_validation(f):
    with pytest.raises(ValueError, match=r"pxy has a negative probability -0\.1"):
        f([[0.6, -0.1], [0.25, 0.25]])
    with pytest.raises(ValueError, match="pxy does not sum to 1 over its last two axes"):
        f([[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"the table at index 1 sums to 2\.0"):
        f([[[0.25, 0.25], [0.25, 0.25]], [[0.5, 0.5], [0.5, 0.5]]])
    with pytest.raises(ValueError, match="pxy contains NaN"):
        f([[np.nan, 0.5], [0.25, 0.25]])
    with pytest.raises(ValueError, match="pxy contains inf"):
        f([[np.inf, 0.5], [0.25, 0.25]])
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        f([0.5, 0.5])
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        f(1.0)
    with pytest.raises(ValueError, match="pxy is empty"):
        f(np.zeros((0, 2)))
    with pytest.raises(TypeError, match="pxy must be an array of numbers"):
        f("0.5 0.5")
    with pytest.raises(ValueError, match="base"):
        f([[0.5, 0.0], [0.0, 0.5]], base=1)


# --------------------------------------------------------------------------- explorer


def _expected(t):
    t = np.asarray(t, dtype=float)
    return {
        "H(X)": float(entropy(t.sum(axis=1))),
        "H(Y)": float(entropy(t.sum(axis=0))),
        "H(X,Y)": float(joint_entropy(t)),
        "H(Y|X)": float(conditional_entropy(t)),
        "H(X|Y)": float(conditional_entropy(t.T)),
        "I(X;Y)": float(mutual_information(t)),
    }


def test_explorer_initial_state_and_summary():
    ex = JointTableExplorer([[0.4, 0.1], [0.1, 0.4]], ["rain", "dry"], ["umbrella", "none"])
    assert ex.state == {"pxy": [[0.4, 0.1], [0.1, 0.4]]}
    assert ex.full_state["x_labels"] == ["rain", "dry"] and ex.full_state["y_labels"] == ["umbrella", "none"]
    assert ex.values == _expected([[0.4, 0.1], [0.1, 0.4]])
    assert list(ex.values) == list(JointTableExplorer.QUANTITIES)
    assert ex.summary().splitlines()[0] == "JointTableExplorer(p(x, y) = [0.4, 0.1; 0.1, 0.4])"
    assert "  H(Y|X) = 0.7219 bits" in ex.summary().splitlines()


def test_explorer_traitlet_updates_readouts():
    ex = JointTableExplorer([[0.25, 0.25], [0.25, 0.25]])
    ex.pxy = [[0.5, 0.25], [0.25, 0.0]]
    t = np.array([[0.5, 0.25], [0.25, 0.0]])
    assert ex.table.tolist() == t.tolist()
    assert ex.values == pytest.approx(_expected(t))
    # Hand-worked: H(X,Y) = 0.5·1 + 2·0.25·2 = 1.5 bits.
    assert ex.values["H(X,Y)"] == pytest.approx(1.5)
    v = ex.values
    assert v["H(X|Y)"] + v["I(X;Y)"] + v["H(Y|X)"] == pytest.approx(v["H(X,Y)"])  # the picture adds up
    ex.pxy = [[0.5, 0.0], [0.25, 0.25]]
    assert ex.values["H(Y|X)"] == pytest.approx(0.5)


def test_explorer_make_independent_and_3x3():
    ex = JointTableExplorer([[0.2, 0.05, 0.05], [0.05, 0.2, 0.05], [0.05, 0.05, 0.3]])
    before = ex.table
    assert ex.values["I(X;Y)"] > 0.3
    ex.make_independent()
    assert ex.values["I(X;Y)"] == pytest.approx(0.0, abs=1e-12)
    assert ex.table == pytest.approx(np.outer(before.sum(axis=1), before.sum(axis=0)))
    assert ex.values["H(X)"] == pytest.approx(_expected(before)["H(X)"])  # the marginals are kept
    assert ex.values["H(Y|X)"] == pytest.approx(ex.values["H(Y)"])


def test_explorer_static_figure_and_mime_bundle():
    ex = JointTableExplorer([[0.4, 0.1], [0.1, 0.4]], ["rain", "dry"], ["umbrella", "none"])
    fig = JointTableExplorer.static_figure(ex.full_state)
    assert np.asarray(fig.axes[0].images[0].get_array()).tolist() == [[0.4, 0.1], [0.1, 0.4]]
    assert [t.get_text() for t in fig.axes[0].texts][:2] == ["0.40", "0.10"]
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "image/png" in data and data["text/plain"] == ex.summary()
    spec = data["application/vnd.lossnotes.explorer+json"]
    assert spec["module"] == "joint_table.js" and spec["state"]["pxy"] == [[0.4, 0.1], [0.1, 0.4]]


def test_explorer_validates():
    with pytest.raises(ValueError, match="2 to 4 rows and columns"):
        JointTableExplorer([[1.0]])
    with pytest.raises(ValueError, match="pxy does not sum to 1"):
        JointTableExplorer([[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match="x_labels and y_labels"):
        JointTableExplorer([[0.5, 0.0], [0.0, 0.5]], x_labels=["a"])
    ex = JointTableExplorer([[0.5, 0.0], [0.0, 0.5]])
    with pytest.raises(Exception, match="shape"):
        ex.pxy = [[0.5, 0.5, 0.0], [0.0, 0.0, 0.0]]


def test_widget_doctests_and_docstring():
    result = doctest.testmod(mi_widgets, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3 and result.failed == 0
    assert "Introduced in notebook ``04_kl_and_js_divergence``" in JointTableExplorer.__doc__
