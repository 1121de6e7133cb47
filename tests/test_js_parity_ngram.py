"""js/maths/ngram.js, compression.js and guessing_game.js compute what lossnotes.compression computes.

Each function on at least 1,000 random inputs (random small models, with unseen contexts, rare and
escaped characters, discounts from 0.001 to 1), compared at a relative 1e-12 (tests/js_parity.py):
the model's ln p and bits of a character (``CharNGram.code_lengths``), its probabilities of the
whole alphabet (``_probability_row``), its guess numbers (``CharNGram.guess_ranks``), Shannon's
bounds (``shannon_guess_bounds``), and the two explorers' ``readouts(state)`` against the classes'.
"""

from __future__ import annotations

import numpy as np
import pytest

from pathlib import Path

from js_parity import CORE, N_CASES, assert_close, run_js
from lossnotes import compression
from lossnotes.widgets import compression as wc
from lossnotes.widgets.compression import CompressionExplorer, GuessingGameExplorer


#: compression.js and guessing_game.js's readouts for many states that share one copy of the data.
BATCH = {"batch": Path(__file__).resolve().parent / "js" / "ngram_batch.mjs"}


def _sparse(row):
    nz = np.flatnonzero(row)
    return [nz.tolist(), row[nz].tolist()] if nz.size else None


@pytest.fixture(scope="module")
def positions():
    """(rows, y, A, D, bits, lnp-free probability row, rank) for random models and texts: >= 1,000 positions."""
    rng = np.random.default_rng(20261207)
    out = []
    while sum(o[4] is not None for o in out) < N_CASES:
        V = int(rng.integers(1, 9))
        letters = "abcdefgh"[:V]
        weights = rng.dirichlet(np.full(V, 0.4))
        train = "".join(rng.choice(list(letters), size=int(rng.integers(1, 300)), p=weights))
        order = int(rng.integers(0, 5))
        D = float(rng.choice([0.001, 0.05, 0.5, 0.8, 1.0, rng.uniform(0.01, 1)]))
        model = compression.CharNGram(order, discount=D).fit(train)
        alphabet = model.alphabet
        pool = list(letters) + ["x"]                                   # x: an escape
        text = "".join(rng.choice(pool, size=int(rng.integers(1, 30)), p=[0.95 / V] * V + [0.05]))
        bits = model.code_lengths(text)
        ranks = model.guess_ranks(text)
        y = model._symbols(text)[0].tolist()
        Vm = len(alphabet)
        labels_of = compression._ContextLabels(model)
        ctx = [Vm + 1] * order
        for i, c in enumerate(y):
            dense = labels_of.rows(ctx)
            p = model._probability_row(dense)
            rows = [_sparse(r) for r in dense]
            # the escape's own bits also include log2 of the code points; compare ln p only where c < V
            out.append((rows, c, Vm + 1, D, float(bits[i]) if c < Vm else None, p.tolist(), int(ranks[i])))
            if order:
                ctx = ctx[1:] + [c]
    return out


def test_bits_and_probabilities(positions):
    calls = []
    for rows, y, A, D, _bits, _p, _rank in positions:
        calls.append(("core", "ngram_bits", (rows, y, A, D)))
        calls.append(("core", "ngram_probability_row", (rows, A, D)))
    got = run_js(calls, CORE)
    checked = 0
    for k, (rows, y, A, D, bits, p, rank) in enumerate(positions):
        js_bits, js_p = got[2 * k], got[2 * k + 1]
        js_p = [js_p[str(i)] for i in range(A)] if isinstance(js_p, dict) else js_p   # a Float64Array travels as {i: x}
        assert_close(js_p, p, f"probability row {rows}, D={D}")
        if bits is not None:
            assert_close(js_bits, bits, f"bits of {y} after {rows}, D={D}")
            checked += 1
    assert checked >= 1000


def test_guess_ranks(positions):
    rows_list = [r[0] for r in positions]
    calls = [("core", "ngram_guess_rank", (run_p, y, A - 1)) for (_rows, y, A, _D, _b, run_p, _r) in positions]
    got = run_js(calls, CORE)
    assert got == [r[6] for r in positions]
    assert len(rows_list) >= 1000
    # and from the rows, in one call per position
    got = run_js([("core", "ngram_guess_ranks", ([rows], [y], A, D)) for rows, y, A, D, *_ in positions], CORE)
    assert [g[0] for g in got] == [r[6] for r in positions]


def test_shannon_guess_bounds():
    rng = np.random.default_rng(1951)
    cases = [[1], [1] * 7, [3], [1, 2], [2, 1], [1, 1, 2, 4], [27] * 3, list(range(1, 30))]
    while len(cases) < N_CASES:
        n = int(rng.integers(1, 60))
        kind = len(cases) % 3
        if kind == 0:
            g = rng.geometric(rng.uniform(0.2, 0.9), n)
        elif kind == 1:
            g = rng.integers(1, 30, n)
        else:
            g = np.minimum(rng.zipf(1.5, n), 3000)
        cases.append([int(x) for x in g])
    got = run_js([("core", "shannon_guess_bounds", (g,)) for g in cases], CORE)
    for g, js in zip(cases, got):
        assert_close(js, list(compression.shannon_guess_bounds(g)), f"shannon_guess_bounds({g})")


#: The explorer's held-out slice in these tests: its first 3,000 characters (a fast table).
HELDOUT = 3000


@pytest.fixture(scope="module")
def compression_tables():
    """The tables of the first HELDOUT held-out characters, with made-up compressor figures.

    The compressors' numbers only pass through readouts (times n / 8); compressing the megabyte
    of training text with xz -9e would cost seconds for nothing, so their function is replaced
    while the (cached) tables of this slice are made.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(compression, "compressor_bits_per_char", lambda train, held: {"gzip": 3.1, "bz2": 2.4, "xz": 2.5})
        return {lang: wc._table(lang, HELDOUT) for lang in wc.LANGUAGES}


def test_compression_explorer_readouts(compression_tables):
    rng = np.random.default_rng(7)
    states = [{"language": str(rng.choice(["en", "zh"])), "order": int(rng.integers(0, 7)),
               "discount": wc.DISCOUNTS[int(rng.integers(0, 20))], "adaptive": bool(rng.integers(0, 2)),
               "heldout_chars": HELDOUT} for _ in range(N_CASES)]
    (got,) = run_js([("batch", "compressionReadouts", (compression_tables, states))], BATCH)
    for g, s in zip(got, states):
        expected = CompressionExplorer.readouts(s)
        assert list(g) == list(expected) == list(CompressionExplorer.QUANTITIES)
        assert_close(list(g.values()), list(expected.values()), f"CompressionExplorer.readouts({s})")


def test_guessing_game_readouts():
    games = {lang: wc._game_data(lang) for lang in wc.LANGUAGES}
    rng = np.random.default_rng(11)
    states = []
    for k in range(N_CASES):
        lang = str(rng.choice(["en", "zh"]))
        n = int(rng.integers(0, wc.PASSAGE_CHARS[lang] + 1))
        guesses = (rng.geometric(0.5, n) if k % 2 else rng.integers(1, 40, n)).tolist()
        states.append({"language": lang, "passage": int(rng.integers(0, wc.N_PASSAGES)),
                       "order": int(rng.integers(0, 7)), "guesses": [int(x) for x in guesses]})
    (got,) = run_js([("batch", "gameReadouts", (games, states))], BATCH)
    for g, s in zip(got, states):
        expected = GuessingGameExplorer.readouts(s)
        assert list(g) == list(expected) == list(GuessingGameExplorer.QUANTITIES)
        assert_close(list(g.values()), list(expected.values()), f"GuessingGameExplorer.readouts({s})")
