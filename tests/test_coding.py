"""Tests for lossnotes.coding: Huffman and Shannon codes, expected length, Kraft and prefix checks.

Hand-worked codes, a brute-force optimality oracle, hypothesis properties
(source-coding bounds), round trips, and input errors that name the argument.
"""

import doctest
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lossnotes.coding as coding
from lossnotes import information as info
from lossnotes.coding import (
    PrefixCode,
    code_from_lengths,
    expected_length,
    huffman_code,
    is_prefix_free,
    kraft_sum,
    shannon_lengths,
)

PROPERTY = settings(max_examples=120, deadline=None)


@st.composite
def distributions(draw, min_n=1, max_n=6, positive=False):
    n = draw(st.integers(min_n, max_n))
    low = 1e-3 if positive else 0.0
    w = np.array(draw(st.lists(st.floats(low, 1.0), min_size=n, max_size=n)))
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


# --------------------------------------------------------------------------- doctests and docstrings


def test_doctests_pass():
    result = doctest.testmod(coding, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 20 and result.failed == 0


@pytest.mark.parametrize("name", coding.__all__)
def test_docstrings_name_the_notebook(name):
    doc = getattr(coding, name).__doc__
    assert "Introduced in notebook ``03_cross_entropy``" in doc or (
        name == "block_distribution" and "Introduced in notebook ``02_entropy``" in doc
    )
    assert "Examples" in doc


# --------------------------------------------------------------------------- Huffman


def test_huffman_dyadic_codewords_and_lengths():
    code = huffman_code([1 / 8, 1 / 2, 1 / 4, 1 / 8], labels=["sunny", "cloudy", "rain", "fog"])
    assert code.as_dict() == {"sunny": "110", "cloudy": "0", "rain": "10", "fog": "111"}
    assert code.lengths.tolist() == [3, 1, 2, 3]
    # Dyadic q: lengths are exactly -log2 q, so L_q = H(q).
    assert expected_length([1 / 8, 1 / 2, 1 / 4, 1 / 8], code) == pytest.approx(1.75, abs=1e-15)


def test_huffman_tie_rule_is_documented_behaviour():
    # Leaves are taken in index order on ties; the first node taken gets bit 0.
    assert huffman_code([0.25] * 4).codewords == ("00", "01", "10", "11")
    # Leaves go before a merged node of equal probability: (0.25, 0.25) merge to 0.5,
    # which then ties with the 0.5 leaf, and the leaf is taken first (bit 0).
    assert huffman_code([0.25, 0.25, 0.5]).codewords == ("10", "11", "0")
    assert huffman_code([0.1, 0.2, 0.3, 0.4]).codewords == ("110", "111", "10", "0")
    # In floating point 0.01 + 0.09 = 0.09999999999999999 < 0.1; after rounding to 12
    # decimals it ties with the leaf 0.1, and the leaf (older) is taken first, gets bit 0.
    assert 0.01 + 0.09 < 0.1
    assert huffman_code([0.01, 0.09, 0.1, 0.8]).codewords == ("010", "011", "00", "1")


def test_huffman_is_deterministic_across_calls():
    rng = np.random.default_rng(0)
    for _ in range(20):
        q = rng.dirichlet(np.ones(7))
        assert huffman_code(q).codewords == huffman_code(q.copy()).codewords


def test_huffman_notebook_counterexample_exceeds_cross_entropy_plus_one():
    q = np.array([0.40, 0.25, 0.15, 0.15, 0.05])
    p = np.array([0.025, 0.025, 0.90, 0.025, 0.025])
    huff = huffman_code(q)
    assert huff.lengths.tolist() == [1, 2, 4, 3, 4]
    h_pq = float(info.cross_entropy(p, q))
    assert expected_length(p, huff) == pytest.approx(3.85)
    assert expected_length(p, huff) > h_pq + 1
    assert expected_length(p, shannon_lengths(q)) == pytest.approx(3.0)
    assert expected_length(p, shannon_lengths(q)) < h_pq + 1
    assert expected_length(q, huff) <= expected_length(q, shannon_lengths(q))


def test_huffman_single_symbol_and_zero_probabilities():
    one = huffman_code([1.0], labels=["only"])
    assert one.codewords == ("",) and one.lengths.tolist() == [0]
    code = huffman_code([0.5, 0.5, 0.0])
    assert is_prefix_free(code) and kraft_sum(code) == 1.0
    assert code.lengths[2] == code.lengths.max()  # a never-used symbol still gets a codeword
    # Without the q > 0 condition the strict bound L < H(q) + 1 fails: two symbols need a bit.
    assert expected_length([1.0, 0.0], huffman_code([1.0, 0.0])) == 1.0


def _brute_force_optimum(q):
    n = len(q)
    best = math.inf
    for lengths in itertools.product(range(1, n), repeat=n):
        if sum(2.0 ** -l for l in lengths) <= 1:
            best = min(best, float(np.dot(q, lengths)))
    return best


@PROPERTY
@given(distributions(min_n=2, max_n=5))
def test_huffman_is_optimal_against_brute_force(q):
    assert expected_length(q, huffman_code(q)) == pytest.approx(_brute_force_optimum(q), abs=1e-9)


@PROPERTY
@given(distributions(min_n=2, max_n=8, positive=True))
def test_huffman_code_is_complete_prefix_code_within_entropy_bounds(q):
    code = huffman_code(q)
    assert is_prefix_free(code)
    assert kraft_sum(code) == 1.0  # a full binary tree
    assert code.lengths.max() <= len(q) - 1
    length, h = expected_length(q, code), float(info.entropy(q))
    assert h - 1e-9 <= length < h + 1


@PROPERTY
@given(distributions(min_n=2, max_n=7), st.data())
def test_any_code_costs_at_least_entropy_and_equals_cross_entropy_with_implied_r(q, data):
    p = data.draw(distributions(min_n=len(q), max_n=len(q)))
    code = huffman_code(q)
    length = expected_length(p, code)
    assert length >= float(info.entropy(p)) - 1e-9
    r = 2.0 ** -code.lengths.astype(float)  # Kraft sum 1: r is a distribution
    assert length == pytest.approx(float(info.cross_entropy(p, r)), abs=1e-9)


# --------------------------------------------------------------------------- Shannon lengths and canonical codes


def test_shannon_lengths_values_and_zero():
    assert shannon_lengths([0.4, 0.3, 0.2, 0.1, 0.0]).tolist() == [2, 2, 3, 4, math.inf]
    assert shannon_lengths([1.0, 0.0]).tolist() == [0.0, math.inf]
    assert str(shannon_lengths([1.0, 0.0])[0]) == "0.0"  # no negative zero
    # float dust: 0.1 + 0.15 is 0.25 up to rounding, and deserves 2 bits, not 3
    assert shannon_lengths([0.1 + 0.15, 0.75 - 1e-17])[0] == 2.0


@PROPERTY
@given(distributions(min_n=1, max_n=8, positive=True), st.data())
def test_shannon_code_within_one_bit_of_cross_entropy(q, data):
    p = data.draw(distributions(min_n=len(q), max_n=len(q)))
    lengths = shannon_lengths(q)
    assert kraft_sum(lengths) <= 1 + 1e-12
    h_pq = float(info.cross_entropy(p, q))
    length = expected_length(p, lengths)
    assert h_pq - 1e-9 <= length < h_pq + 1


@PROPERTY
@given(distributions(min_n=2, max_n=8, positive=True))
def test_code_from_shannon_lengths_is_a_prefix_code_with_those_lengths(q):
    lengths = shannon_lengths(q)
    code = code_from_lengths(lengths)
    assert is_prefix_free(code)
    assert code.lengths.tolist() == lengths.astype(int).tolist()


def test_code_from_lengths_canonical_and_errors():
    assert code_from_lengths([2, 1, 3, 3], labels=list("abcd")).as_dict() == {
        "a": "10", "b": "0", "c": "110", "d": "111"}
    assert code_from_lengths([0]).codewords == ("",)
    with pytest.raises(ValueError, match="Kraft sum 1.03125 > 1"):
        code_from_lengths([2, 2, 2, 2, 5])
    with pytest.raises(ValueError, match="Kraft sum 1.5 > 1"):
        code_from_lengths([0, 1])  # a 0-bit codeword leaves no room for another
    with pytest.raises(ValueError, match="lengths must be whole numbers"):
        code_from_lengths([1.5, 1])
    with pytest.raises(ValueError, match="lengths contains inf"):
        code_from_lengths([1, np.inf])


# --------------------------------------------------------------------------- expected length, Kraft, prefix check


def test_expected_length_values_inf_and_batch():
    assert expected_length([0.5, 0.25, 0.25], [1, 2, 2]) == 1.5
    assert expected_length([0.5, 0.5, 0.0], [1, 1, np.inf]) == 1.0  # p = 0 terms vanish, even with inf
    assert expected_length([0.5, 0.25, 0.25], [1, 2, np.inf]) == math.inf
    batch = expected_length([[1, 0, 0], [0, 0.5, 0.5]], [1, 2, 3])
    assert batch.shape == (2,) and batch.tolist() == [1.0, 2.5]
    # Ideal lengths -log2 q give the cross-entropy in bits.
    p, q = np.array([0.6, 0.25, 0.1, 0.05]), np.array([0.15, 0.45, 0.3, 0.1])
    assert expected_length(p, -np.log2(q)) == pytest.approx(float(info.cross_entropy(p, q)))


def test_expected_length_errors_name_arguments():
    with pytest.raises(ValueError, match="^p does not sum to 1"):
        expected_length([0.5, 0.2], [1, 1])
    with pytest.raises(ValueError, match="p has 2 outcomes but lengths has 3"):
        expected_length([0.5, 0.5], [1, 1, 1])
    with pytest.raises(ValueError, match="lengths must be >= 0"):
        expected_length([0.5, 0.5], [1, -1])
    with pytest.raises(ValueError, match="lengths contains NaN"):
        expected_length([0.5, 0.5], [1, np.nan])
    with pytest.raises(TypeError, match="lengths must hold real numbers"):
        expected_length([0.5, 0.5], ["1", "2"])


def test_kraft_sum_and_prefix_check():
    assert kraft_sum([1, 2, 3, 3]) == 1.0
    assert kraft_sum([2, 2, 2]) == 0.75
    assert kraft_sum([1, np.inf]) == 0.5
    assert is_prefix_free(["0", "10", "110", "111"])
    assert not is_prefix_free(["0", "01", "11"])
    assert not is_prefix_free(["10", "0", "10"])  # duplicate
    assert not is_prefix_free(["1", "0", "011"])  # prefix not adjacent in input order
    assert is_prefix_free([""])
    with pytest.raises(TypeError, match="not a single string"):
        is_prefix_free("0101")
    with pytest.raises(ValueError, match="codewords is empty"):
        is_prefix_free([])


def test_is_prefix_free_agrees_with_pairwise_definition():
    rng = np.random.default_rng(1)
    for _ in range(300):
        words = ["".join(rng.choice(["0", "1"], size=rng.integers(1, 4))) for _ in range(rng.integers(1, 6))]
        pairwise = not any(i != j and b.startswith(a) for i, a in enumerate(words) for j, b in enumerate(words))
        assert is_prefix_free(words) == pairwise


# --------------------------------------------------------------------------- PrefixCode: encode/decode and validation


@PROPERTY
@given(distributions(min_n=2, max_n=6), st.data())
def test_encode_decode_round_trip(q, data):
    code = huffman_code(q)
    message = data.draw(st.lists(st.integers(0, len(q) - 1), max_size=30))
    bits = code.encode(message)
    assert len(bits) == sum(int(code.lengths[i]) for i in message)
    assert code.decode(bits) == [code.labels[i] for i in message]
    assert code.encode(code.decode(bits)) == bits  # labels work as input too


def test_encode_decode_errors():
    code = huffman_code([0.5, 0.25, 0.25], labels=list("abc"))
    assert code.encode(np.array([0, 2])) == "011"
    with pytest.raises(ValueError, match="symbol 'z'"):
        code.encode(["a", "z"])
    with pytest.raises(ValueError, match="out of range"):
        code.encode([0, 3])
    with pytest.raises(TypeError, match="integer symbol indices"):
        code.encode([0.5])
    with pytest.raises(TypeError, match="not a single string"):
        code.encode("abc")
    with pytest.raises(ValueError, match="character '2'"):
        code.decode("0120")
    with pytest.raises(ValueError, match="not a whole codeword"):
        code.decode("01")
    with pytest.raises(ValueError, match="one-symbol code"):
        huffman_code([1.0]).decode("")


def test_prefix_code_constructor_validates():
    code = PrefixCode(["a", "b"], ["0", "1"])
    assert code.lengths.tolist() == [1, 1]
    assert not code.lengths.flags.writeable
    assert repr(code) == "PrefixCode(a: 0, b: 1)"
    with pytest.raises(ValueError, match="not prefix-free"):
        PrefixCode(["a", "b"], ["0", "01"])
    with pytest.raises(ValueError, match="only '0' and '1'"):
        PrefixCode(["a", "b"], ["0", "2"])
    with pytest.raises(ValueError, match="2 labels but 3 codewords"):
        PrefixCode(["a", "b"], ["0", "10", "11"])
    with pytest.raises(ValueError, match="labels must be distinct"):
        PrefixCode(["a", "a"], ["0", "1"])


def test_huffman_input_errors_name_the_argument():
    with pytest.raises(ValueError, match="^q does not sum to 1"):
        huffman_code([0.5, 0.4])
    with pytest.raises(ValueError, match="^q has a negative probability"):
        huffman_code([1.5, -0.5])
    with pytest.raises(ValueError, match="^q must be one probability vector"):
        huffman_code([[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match="labels has 1 names but there are 2 symbols"):
        huffman_code([0.5, 0.5], labels=["a"])
    with pytest.raises(TypeError, match="^labels must be a sequence"):
        huffman_code([0.5, 0.5], labels="ab")
    with pytest.raises(ValueError, match="^q does not sum to 1"):
        shannon_lengths([0.2, 0.2])


def test_no_runtime_warnings(recwarn):
    huffman_code([0.5, 0.5, 0.0])
    shannon_lengths([0.5, 0.5, 0.0])
    expected_length([0.5, 0.5, 0.0], [1, 1, np.inf])
    kraft_sum([1, 2, np.inf])
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


# --------------------------------------------------------------------------- blocks of symbols (notebook 02)


def test_block_distribution_hand_worked():
    b = coding.block_distribution([0.9, 0.1], 2)
    np.testing.assert_allclose(b, [0.81, 0.09, 0.09, 0.01])  # aa, ab, ba, bb
    b3 = coding.block_distribution([0.5, 0.3, 0.2], 3)
    assert b3.shape == (27,)
    # lexicographic order: index = 9 i + 3 j + k for the block (i, j, k)
    assert b3[9 * 2 + 3 * 0 + 1] == pytest.approx(0.2 * 0.5 * 0.3)
    np.testing.assert_array_equal(coding.block_distribution([0.25, 0.75], 1), [0.25, 0.75])


def test_block_code_on_a_90_10_coin_hand_worked():
    # blocks of 2 flips: probabilities 0.81, 0.09, 0.09, 0.01 get Huffman lengths 1, 2, 3, 3
    b = coding.block_distribution([0.9, 0.1], 2)
    code = huffman_code(b)
    assert sorted(code.lengths.tolist()) == [1, 2, 3, 3]
    assert expected_length(b, code) == pytest.approx(0.81 + 2 * 0.09 + 3 * 0.10)  # 1.29 bits per block


@PROPERTY
@given(distributions(min_n=2, max_n=4, positive=True), st.integers(1, 4))
def test_block_codes_approach_the_entropy(p, k):
    b = coding.block_distribution(p, k)
    assert b.sum() == pytest.approx(1.0)
    assert info.entropy(b) == pytest.approx(k * info.entropy(p), abs=1e-9)  # independent symbols add
    per_symbol = expected_length(b, huffman_code(b)) / k
    h = info.entropy(p)
    assert h - 1e-9 <= per_symbol < h + 1 / k + 1e-9


def test_block_distribution_errors_name_the_argument():
    with pytest.raises(ValueError, match="k must be >= 1"):
        coding.block_distribution([0.5, 0.5], 0)
    with pytest.raises(TypeError, match="k must be an int"):
        coding.block_distribution([0.5, 0.5], 2.0)
    with pytest.raises(TypeError, match="k must be an int"):
        coding.block_distribution([0.5, 0.5], True)
    with pytest.raises(ValueError, match="2\\*\\*20"):
        coding.block_distribution([0.5, 0.5], 21)
    with pytest.raises(ValueError, match="p"):
        coding.block_distribution([0.5, 0.6], 2)


def test_equally_likely_blocks_of_3_and_4_die_rolls_cost_the_same():
    # Notebook 02: Huffman on n equally likely blocks gives m = floor(log2 n) or m + 1 bits,
    # 2^(m+1) - n short and 2(n - 2^m) long codewords; blocks of 3 and 4 rolls both cost 211/81 per roll.
    from fractions import Fraction

    rates = {}
    for k in range(1, 6):
        n = 6**k
        lengths = huffman_code(coding.block_distribution(np.full(6, 1 / 6), k)).lengths
        m = n.bit_length() - 1
        assert set(lengths.tolist()) == {m, m + 1}
        assert int(np.sum(lengths == m)) == 2 ** (m + 1) - n
        assert int(np.sum(lengths == m + 1)) == 2 * (n - 2**m)
        rates[k] = Fraction(int(lengths.sum()), n * k)
        assert rates[k] == Fraction(m + 2, k) - Fraction(2 ** (m + 1), n * k)
    assert rates[3] == rates[4] == Fraction(211, 81)
    assert rates[5] < rates[4] and rates[1] == Fraction(8, 3)


@PROPERTY
@given(distributions(min_n=2, max_n=4, positive=True), distributions(min_n=2, max_n=4, positive=True),
       st.integers(1, 4))
def test_shannon_codes_on_blocks_stay_within_1_over_k_of_the_cross_entropy(p, q, k):
    # Notebook 03: the block guarantee H(p,q) <= L_k/k < H(p,q) + 1/k holds for Shannon lengths for q's blocks.
    if p.size != q.size:
        q = np.full(p.size, 1 / p.size)
    pb, qb = coding.block_distribution(p, k), coding.block_distribution(q, k)
    per_symbol = expected_length(pb, shannon_lengths(qb)) / k
    h_pq = info.cross_entropy(p, q)
    assert h_pq - 1e-9 <= per_symbol < h_pq + 1 / k + 1e-9


def test_huffman_codes_on_blocks_can_fall_below_the_cross_entropy():
    # Notebook 03: a Huffman code for q's blocks, used under p, has no H(p,q) band: with the realistic
    # weather it dips below H(p,q) for blocks of 3 (Shannon lengths never do).
    q, p = np.array([0.15, 0.45, 0.30, 0.10]), np.array([0.60, 0.25, 0.10, 0.05])
    pb, qb = coding.block_distribution(p, 3), coding.block_distribution(q, 3)
    h_pq = info.cross_entropy(p, q)
    assert expected_length(pb, huffman_code(qb)) / 3 < h_pq
    assert expected_length(pb, shannon_lengths(qb)) / 3 >= h_pq


# --------------------------------------------------------------------------- code space (notebook 03)


def test_codeword_intervals_hand_worked():
    starts, widths = coding.codeword_intervals(["0", "10", "110", "111"])
    np.testing.assert_array_equal(starts, [0.0, 0.5, 0.75, 0.875])
    np.testing.assert_array_equal(widths, [0.5, 0.25, 0.125, 0.125])
    starts, widths = coding.codeword_intervals(huffman_code([1.0]))  # one symbol: the empty codeword
    assert starts.tolist() == [0.0] and widths.tolist() == [1.0]


@PROPERTY
@given(distributions(min_n=2, max_n=6, positive=True))
def test_codeword_intervals_are_disjoint_and_add_up_to_the_kraft_sum(q):
    for code in (huffman_code(q), code_from_lengths(shannon_lengths(q))):
        starts, widths = coding.codeword_intervals(code)
        assert widths.sum() == pytest.approx(kraft_sum(code))
        order = np.argsort(starts)
        ends = starts[order] + widths[order]
        assert starts.min() >= 0 and ends.max() <= 1
        assert np.all(ends[:-1] <= starts[order][1:])  # prefix-free: no interval overlaps the next


def test_codeword_intervals_errors():
    with pytest.raises(TypeError, match="single string"):
        coding.codeword_intervals("0110")
    with pytest.raises(ValueError, match="only '0' and '1'"):
        coding.codeword_intervals(["0", "12"])
    with pytest.raises(ValueError, match="empty"):
        coding.codeword_intervals([])
