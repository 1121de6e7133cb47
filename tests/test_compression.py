"""lossnotes.compression: hand-worked values, exact round trips, code length = n · cross-entropy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossnotes.compression import (CharNGram, arithmetic_decode, arithmetic_encode, compressor_bits_per_char,
                                   compressor_reach, interval_steps, load_text, shannon_guess_bounds, shortest_codeword,
                                   split_text)

TRAIN = "the cat sat on the mat. the cat ate the rat.\n" * 3


def test_order0_by_hand():
    # "aab": N = 3, n(a) = 2, n(b) = 1, u = 2, alphabet {a, b} + escape -> base 1/3 each
    m = CharNGram(0, discount=0.8).fit("aab")
    base = 0.8 * 2 / 3 / 3
    q = {"a": 1.2 / 3 + base, "b": 0.2 / 3 + base}
    assert math.isclose(q["a"] + q["b"] + base, 1.0)
    for c, p in q.items():
        assert m.cross_entropy(c) == pytest.approx(-math.log2(p), abs=1e-7)
    assert m.cross_entropy("ab", base=math.e) == pytest.approx(-(math.log(q["a"]) + math.log(q["b"])) / 2, abs=1e-7)
    # an unseen character: escape, then uniform over the 0x110000 - 2 other code points
    assert m.cross_entropy("z") == pytest.approx(-math.log2(base) + math.log2(0x110000 - 2), abs=1e-6)


def test_order1_by_hand():
    # "abab": after "a" always "b" (N = 2, u = 1); the order-0 level is as above
    m = CharNGram(1, discount=0.5).fit("abab")
    p0_b = (2 - 0.5) / 4 + 0.5 * 2 / 4 / 3   # order 0: n(b) = 2, N = 4, u = 2
    p1_b = (2 - 0.5) / 2 + 0.5 * 1 / 2 * p0_b  # order 1 after "a"
    lengths = m.code_lengths("ab")            # "a" is predicted from the start context, "b" from "a"
    assert lengths[1] == pytest.approx(-math.log2(p1_b), abs=1e-7)


def test_probabilities_sum_to_one_over_alphabet():
    m = CharNGram(3).fit(TRAIN)
    alphabet = m.alphabet
    for prefix in ("the c", "xyz", ""):
        total = sum(2.0 ** -m.code_lengths(prefix + c)[-1] for c in alphabet)
        esc = 1 - total
        assert 0 < esc < 0.5


@pytest.mark.parametrize("adaptive", [False, True])
@pytest.mark.parametrize("order", [0, 1, 3, 5])
def test_round_trip_and_code_length(order, adaptive):
    m = CharNGram(order, adaptive=adaptive).fit(TRAIN)
    text = "the rat sat on the cat. ünïcödé 猫 🐈 the mat\n" * 2
    data = arithmetic_encode(text, m)
    assert arithmetic_decode(data, m, len(text)) == text
    ideal = len(text) * m.cross_entropy(text, coded=True)
    assert ideal <= 8 * len(data) <= ideal + 16   # within two bytes of n · H of the coder's model


@settings(max_examples=40, deadline=None)
@given(train=st.text(min_size=1, max_size=60), text=st.text(max_size=80),
       order=st.integers(0, 4), adaptive=st.booleans(), discount=st.floats(0.05, 1.0))
def test_round_trip_any_unicode(train, text, order, adaptive, discount):
    m = CharNGram(order, adaptive=adaptive, discount=discount).fit(train)
    data = arithmetic_encode(text, m)
    assert arithmetic_decode(data, m, len(text)) == text
    if text:
        ideal = len(text) * m.cross_entropy(text, coded=True)
        assert np.isfinite(ideal) and np.isfinite(m.cross_entropy(text))
        # never more than two bytes over n · H (it can be less for one message: trailing zero bytes
        # are not stored, since the decoder knows n_chars and reads zeros past the end)
        assert 8 * len(data) <= ideal + 16


def test_real_text_code_length_and_compressors():
    train, held = split_text(load_text("shakespeare"), 0.9)
    held = held[:5000]
    m = CharNGram(4, adaptive=True).fit(train)
    data = arithmetic_encode(held, m)
    assert abs(8 * len(data) - len(held) * m.cross_entropy(held, coded=True)) <= 16
    assert arithmetic_decode(data, m, len(held)) == held
    base = compressor_bits_per_char(train, held)
    assert set(base) == {"gzip", "bz2", "xz"}
    assert m.cross_entropy(held) < min(base.values())   # the adaptive model beats all three here
    alone = compressor_bits_per_char(None, held)           # the held-out text on its own: whole files
    assert all(alone[k] > base[k] for k in base)             # the training text in front helps all three here
    import zlib
    assert alone["gzip"] == 8 * len(zlib.compress(held.encode(), 9)) / len(held)


def test_adaptive_learns_and_static_does_not():
    m = CharNGram(2).fit("abcabcabc")
    novel = "cba" * 8                                    # contexts training never saw
    static = m.code_lengths(novel)
    adapt = m.with_options(adaptive=True).code_lengths(novel)
    assert static[0] == pytest.approx(adapt[0])          # the first character: nothing learnt yet
    assert adapt[-1] < static[-1] / 5                    # by the end the adaptive model expects "a" after "cb"


def test_no_mutation_and_repeatable():
    m = CharNGram(3, adaptive=True).fit(TRAIN)
    text = "the bat sat on the hat"
    h1 = m.cross_entropy(text)
    data = arithmetic_encode(text, m)
    s1 = m.sample(50, seed=3)
    assert m.cross_entropy(text) == h1
    assert arithmetic_encode(text, m) == data
    assert m.sample(50, seed=3) == s1
    assert arithmetic_decode(data, m, len(text)) == text


def test_sample_temperature_and_alphabet():
    m = CharNGram(2).fit(TRAIN)
    s = m.sample(200, temperature=1.0, seed=0)
    assert len(s) == 200 and set(s) <= set(m.alphabet)
    cold = m.sample(200, temperature=0.05, seed=0)
    # near-greedy: far fewer distinct trigrams than at T = 1
    assert len({cold[i:i + 3] for i in range(198)}) < len({s[i:i + 3] for i in range(198)})
    assert m.sample(0) == ""


def test_with_options_matches_a_fresh_fit():
    big = CharNGram(5, discount=0.8).fit(TRAIN)
    small = CharNGram(2, discount=0.6).fit(TRAIN)
    text = "the cat sat on the rat"
    assert big.with_options(order=2, discount=0.6).cross_entropy(text) == small.cross_entropy(text)
    with pytest.raises(ValueError, match="at most the fitted order"):
        small.with_options(order=3)


def test_errors():
    with pytest.raises(ValueError, match="empty"):
        CharNGram(2).fit("")
    with pytest.raises(ValueError, match="order"):
        CharNGram(-1)
    with pytest.raises(TypeError, match="order"):
        CharNGram(2.5)
    with pytest.raises(ValueError, match="discount"):
        CharNGram(2, discount=0.0)
    with pytest.raises(ValueError, match="fit"):
        CharNGram(2).cross_entropy("abc")
    m = CharNGram(1).fit("abc")
    with pytest.raises(ValueError, match="empty"):
        m.cross_entropy("")
    with pytest.raises(TypeError, match="str"):
        m.cross_entropy(b"abc")
    with pytest.raises(ValueError, match="temperature"):
        m.sample(10, temperature=0)
    with pytest.raises(ValueError, match="base"):
        m.cross_entropy("abc", base=1)
    assert arithmetic_encode("", m) == b"" and arithmetic_decode(b"", m, 0) == ""


def test_shipped_texts():
    en, zh = load_text("shakespeare"), load_text("lunyu_mengzi")
    assert len(en) == 1_115_394 and len(zh) == 67_702 and len(set(zh)) == 2_227
    with pytest.raises(ValueError):
        load_text("nope")


def test_xz_with_capped_dictionary_matches_xz_9e():
    # the dictionary cap saves memory and time, never bytes: same size as plain preset 9e
    import lzma

    from lossnotes.compression import _xz
    text = load_text("lunyu_mengzi")
    for data in (text.encode("utf-8"), text[:5000].encode("utf-8"), b"a"):
        assert len(_xz(data)) == len(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
        assert lzma.decompress(_xz(data)) == data


def test_repeated_scoring_is_remembered_and_unchanged():
    train, held = split_text(load_text("shakespeare")[:60_000], 0.9)
    m = CharNGram(3, adaptive=True).fit(train)
    h1 = m.cross_entropy(held)
    sibling = m.with_options(order=3)                     # shares the memory of scored texts
    assert sibling.cross_entropy(held) == h1
    assert len(arithmetic_encode(held, sibling)) * 8 == pytest.approx(len(held) * sibling.cross_entropy(held, coded=True),
                                                                      abs=16)
    fresh = CharNGram(3, adaptive=True).fit(train)        # nothing remembered: same number
    assert fresh.cross_entropy(held) == h1
    assert m.with_options(discount=0.5).cross_entropy(held) != h1   # options are part of the key
    assert m.with_options(order=2).cross_entropy(held) != h1
    for i in range(12):                                   # the memory stays small
        m.with_options(discount=0.05 + 0.05 * i).cross_entropy(held)
    assert len(m._memo) <= 8


@pytest.mark.parametrize("adaptive", [False, True])
def test_cross_entropy_by_order_equals_each_order(adaptive):
    m = CharNGram(4, adaptive=adaptive, discount=0.6).fit(TRAIN)
    text = "the rat sat on the cat. ünïcödé 猫 the mat\n"
    for coded in (False, True):
        by_order = m.cross_entropy_by_order(text, base=math.e, coded=coded)
        assert by_order.shape == (5,)
        for k in range(5):
            assert by_order[k] == m.with_options(order=k).cross_entropy(text, base=math.e, coded=coded)   # exactly


# --------------------------------------------------------------------------- the model as defined vs the coder's


def test_as_defined_below_the_coders_floor_by_hand():
    # "a" * 1000 + "b", order 1, D = 0.01; score "ac": "c" is not in the alphabet (escape).
    m = CharNGram(1, discount=0.01).fit("a" * 1000 + "b")
    p0_esc = 0.01 * 2 / 1001 / 3                  # order 0: N = 1001, u = 2, uniform 1/3 below
    p1_esc = 0.01 * 2 / 1000 * p0_esc             # after "a": N = 1000, u = 2, the escape never followed "a"
    assert p1_esc < 2.0 ** -32                    # below the coder's smallest frequency
    code_point = math.log2(0x110000 - 2)
    defined = m.code_lengths("ac")
    assert defined[1] == pytest.approx(-math.log2(p1_esc) + code_point, rel=1e-12)
    p1_a = (1 - 0.01) / 1 + 0.01 * 1 / 1 * ((1000 - 0.01) / 1001 + 0.01 * 2 / 1001 / 3)   # "a" after the start
    assert defined[0] == pytest.approx(-math.log2(p1_a), rel=1e-12)
    coded = m.code_lengths("ac", coded=True)
    assert coded[1] <= math.log2(2 ** 32 + 3) + code_point + 1e-9     # the coder caps the cost near 32 bits
    assert coded[1] < defined[1] - 1.5                                 # hidden smoothing: > 1.5 bits saved
    # the cross-entropies are the means; the file is n · H(defined) + the measured rounding + at most two bytes
    H, Hc = m.cross_entropy("ac"), m.cross_entropy("ac", coded=True)
    assert H == pytest.approx(defined.mean(), rel=1e-14) and Hc == pytest.approx(coded.mean(), rel=1e-14)
    bits = 8 * len(arithmetic_encode("ac", m))
    overhead = 2 * (Hc - H)
    assert 2 * H + overhead <= bits <= 2 * H + overhead + 16


@settings(max_examples=30, deadline=None)
@given(train=st.text(alphabet="abcde猫", min_size=1, max_size=80), text=st.text(alphabet="abcdefg猫", min_size=1,
                                                                                max_size=60),
       order=st.integers(0, 4), adaptive=st.booleans(), discount=st.floats(0.01, 1.0))
def test_coded_minus_defined_within_the_rounding_bounds(train, text, order, adaptive, discount):
    # per symbol, the coder's frequency f satisfies p S < f < p S + 2 out of S + V + 1 (two floors and the 1):
    # its code length exceeds the model's by less than log2(1 + A/S) and falls short by less than log2(1 + 2/(p S))
    m = CharNGram(order, adaptive=adaptive, discount=discount).fit(train)
    S, A = 2.0 ** 32, len(m.alphabet) + 1
    defined, coded = m.code_lengths(text), m.code_lengths(text, coded=True)
    V = len(m.alphabet)
    esc = np.array([c not in m.alphabet for c in text])
    p = 2.0 ** -(defined - np.where(esc, math.log2(0x110000 - V), 0.0))
    diff = coded - defined
    slack = 1e-9
    assert np.all(diff < math.log2(1 + A / S) + slack)
    assert np.all(diff > -np.log2(1 + 2 / (p * S)) - slack)
    assert 8 * len(arithmetic_encode(text, m)) <= len(text) * m.cross_entropy(text, coded=True) + 16


@pytest.mark.parametrize("adaptive", [False, True])
def test_as_defined_probabilities_sum_to_one(adaptive):
    m = CharNGram(3, adaptive=adaptive, discount=0.3).fit(TRAIN)
    for prefix in ("the c", "xyz", "", "the cat sat on"):
        probs = [2.0 ** -m.code_lengths(prefix + c)[-1] for c in m.alphabet]
        esc = 2.0 ** -(m.code_lengths(prefix + "\x00")[-1] - math.log2(0x110000 - len(m.alphabet)))
        assert sum(probs) + esc == pytest.approx(1.0, abs=1e-12)


def test_as_defined_on_real_text_differs_from_coded_where_smoothing_is_small():
    train, held = split_text(load_text("shakespeare")[:200_000], 0.9)
    m = CharNGram(6, discount=0.05).fit(train)
    H, Hc = m.cross_entropy(held), m.cross_entropy(held, coded=True)
    assert Hc < H - 0.01                                  # the coder's floor is smoothing the model lacks
    m8 = m.with_options(order=3, discount=0.8)
    assert abs(m8.cross_entropy(held, coded=True) - m8.cross_entropy(held)) < 1e-3
    bits = 8 * len(arithmetic_encode(held, m))
    assert len(held) * Hc <= bits <= len(held) * Hc + 16


# --------------------------------------------------------------------------- compressors, and coding by hand


def test_compressor_reach():
    train, held = "x" * 1_000_000, "y" * 10
    assert compressor_reach(train, held) == {"gzip": 32768, "bz2": 100_000, "xz": 1_000_000, "train": 1_000_000}
    r = compressor_reach("猫" * 100, "y")                   # 300 UTF-8 bytes, all within reach
    assert r == {"gzip": 300, "bz2": 300, "xz": 300, "train": 300}


def test_interval_steps_by_hand():
    from fractions import Fraction as F
    steps = interval_steps("acab", {"a": "3/5", "b": "3/10", "c": 0.1})
    assert [s[0] for s in steps] == ["", "a", "ac", "aca", "acab"]
    assert steps[1][1:] == (0, F(3, 5))
    assert steps[2][1:] == (F(27, 50), F(3, 5))            # "c" is the top tenth of [0, 3/5)
    low, high = steps[-1][1:]
    assert high - low == F(3, 5) * F(1, 10) * F(3, 5) * F(3, 10)
    word = shortest_codeword(low, high)
    assert word == "1001000"                               # [0.5625, 0.5703125) inside [0.5616, 0.5724)
    with pytest.raises(ValueError, match="sum to 1"):
        interval_steps("a", {"a": 0.5, "b": 0.4})
    with pytest.raises(ValueError, match="no probability"):
        interval_steps("z", {"a": 1})


def test_shortest_codeword_is_prefix_free_and_within_two_bits():
    import itertools
    probs = {"a": "1/2", "b": "1/3", "c": "1/6"}
    words = {}
    for n in (1, 2, 3, 4):
        for msg in itertools.product("abc", repeat=n):
            _, low, high = interval_steps(msg, probs)[-1]
            word = shortest_codeword(low, high)
            ideal = -math.log2(high - low)
            assert ideal <= len(word) <= math.ceil(ideal) + 1 < ideal + 2
            words[msg] = word
        same_length = [w for m, w in words.items() if len(m) == n]
        for u, v in itertools.permutations(same_length, 2):   # messages of one length: a prefix-free code
            assert not v.startswith(u)
    assert shortest_codeword(0, 1) == "" and shortest_codeword(0.5, 1) == "1"


# --------------------------------------------------------------------------- explorer helpers (notebook 10)

def test_cross_entropy_grid_is_cross_entropy():
    train, held = "abracadabra, abracadabra! cadabra", "abrxcadabra cab"
    for adaptive in (False, True):
        m = CharNGram(3, adaptive=adaptive).fit(train)
        Ds = (0.05, 0.5, 0.8, 1.0)
        H, H_coded = m.cross_entropy_grid(held, Ds)
        assert H.shape == H_coded.shape == (4, 4)
        for i, D in enumerate(Ds):
            for k in range(4):
                mk = m.with_options(order=k, discount=D)
                assert H[i, k] == mk.cross_entropy(held)              # exactly: the same operations
                assert H_coded[i, k] == mk.cross_entropy(held, coded=True)


def test_shannon_guess_bounds_by_hand():
    # q = (1/2, 1/4, 0, 1/4): upper = 1/2·1 + 1/4·2 + 1/4·2 = 1.5;
    # lower = 2·(1/4 − 0)·1 + 3·(0 − 1/4)·log2 3 + 4·(1/4)·2 = 2.5 − 0.75 log2 3
    lo, hi = shannon_guess_bounds([1, 1, 2, 4])
    assert hi == 1.5 and lo == pytest.approx(2.5 - 0.75 * np.log2(3))
    assert shannon_guess_bounds([1, 1, 1]) == (0.0, 0.0)                 # always right first time: 0 bits
    assert shannon_guess_bounds([3]) == pytest.approx((3 * np.log2(3) - 2, 0.0))   # 2·(0 − 1)·1 + 3·1·log2 3


def test_guess_ranks_by_hand():
    m = CharNGram(1).fit("abababac")
    # after "a": b (3 times) before c (once); after "b": a (3 times), then by order 0 b (3) before c (1);
    # "c" never came before anything: order 0 alone, a (4) first
    assert m.guess_ranks("bca", prompt="a").tolist() == [1, 3, 1]
    assert m.guess_ranks("z")[0] == 4                                    # outside the alphabet: V + 1




def test_next_char_probs_by_hand_and_against_the_other_views():
    # order 0 on "aab", D = 0.8: a (2 - 0.8 + 0.8·2/3) / 3, b (1 - 0.8 + 0.8·2/3) / 3, escape (0.8·2/3) / 3;
    # without the escape and renormalised: 26/37 and 11/37
    m = CharNGram(0).fit("aab")
    np.testing.assert_allclose(m.next_char_probs("ab"), [[26 / 37, 11 / 37]] * 2, rtol=1e-14)
    assert m.next_char_probs("").shape == (0, 2)
    m = CharNGram(2).fit("the cat sat on the mat. the dog ate the hat! " * 5)
    text = "the hat sat, the dog!"                            # "," is outside the alphabet
    p = m.next_char_probs(text)
    assert p.shape == (len(text), len(m.alphabet))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    # the same rows order the guesses: guess_ranks from them (ties in code-point order)
    known = np.array([c in m.alphabet for c in text])
    y = np.array([m.alphabet.index(c) if c in m.alphabet else 0 for c in text])
    py = p[np.arange(len(text)), y][:, None]
    ranks = 1 + (p > py).sum(axis=1) + ((p == py) & (np.arange(p.shape[1]) < y[:, None])).sum(axis=1)
    assert ranks[known].tolist() == m.guess_ranks(text)[known].tolist()
    # for a non-adaptive model, -log2 of a known character's renormalised probability is at most its
    # code length (the escape's share is given back to the alphabet)
    bits = m.code_lengths(text)
    assert np.all(-np.log2(py[known, 0]) <= bits[known] + 1e-12)
    # a refit forgets the remembered rows
    m.fit("xyz")
    assert m.next_char_probs("xy").shape == (2, 3)
    with pytest.raises(ValueError, match="not fitted"):
        CharNGram(1).next_char_probs("a")
    with pytest.raises(TypeError, match="text"):
        m.next_char_probs(3)
