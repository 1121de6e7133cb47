"""CompressionExplorer and GuessingGameExplorer (notebook 10): readouts, errors, picture, summary, mime bundle."""

import json

import numpy as np
import pytest
import traitlets

from lossnotes.compression import CharNGram, compressor_bits_per_char, load_text, shannon_guess_bounds, split_text
from lossnotes.widgets import compression as wc
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.compression import CompressionExplorer, GuessingGameExplorer

HELD = 3000   # the explorer scores the first 3,000 held-out characters here (fast)


@pytest.fixture(scope="module")
def explorer():
    return CompressionExplorer(order=2, heldout_chars=HELD)


def test_readouts_are_the_models_numbers(explorer):
    ex = explorer
    train, held = split_text(load_text("shakespeare"), 0.9)
    held = held[:HELD]
    model = wc._model("en")
    for order, D, adaptive in [(3, 0.8, False), (3, 0.3, False), (3, 0.3, True), (1, 0.05, True), (0, 1.0, False)]:
        ex.order, ex.discount, ex.adaptive = order, D, adaptive
        m = model.with_options(order=order, adaptive=adaptive, discount=D)
        H, H_coded = m.cross_entropy(held), m.cross_entropy(held, coded=True)
        v = ex.values
        assert v["bits/char"] == pytest.approx(H, rel=1e-13)             # the model as defined
        assert v["perplexity"] == pytest.approx(2 ** H, rel=1e-13)
        assert v["bits/byte"] == pytest.approx(H)                        # ASCII: one byte per character
        assert v["rounding bits/char"] == pytest.approx(H_coded - H, rel=1e-9, abs=1e-15)
        assert v["model bytes"] == pytest.approx(len(held) * H_coded / 8)  # what the coder writes
    base = compressor_bits_per_char(train, held)
    assert [v[f"{k} bits/char"] for k in ("gzip", "bz2", "xz")] == [base[k] for k in ("gzip", "bz2", "xz")]
    assert list(v) == list(CompressionExplorer.QUANTITIES)


def test_a_fresh_model_gives_the_same_numbers(explorer):
    # The shared, cached order-6 model is the model CharNGram(k) fitted afresh would be.
    train, held = split_text(load_text("lunyu_mengzi"), 0.9)
    H = CharNGram(2, discount=0.5).fit(train).cross_entropy(held[:HELD])
    state = {"language": "zh", "order": 2, "discount": 0.5, "adaptive": False, "heldout_chars": HELD}
    assert CompressionExplorer.readouts(state)["bits/char"] == pytest.approx(H, rel=1e-13)


def test_state_and_data(explorer):
    ex = explorer
    ex.language = "zh"
    assert ex.state == {"language": "zh", "order": ex.order, "discount": ex.discount, "adaptive": ex.adaptive,
                        "heldout_chars": HELD}
    tab = ex.tables["zh"]
    assert np.shape(tab["H"]) == (2, 7, 20) and tab["n"] == HELD
    ex.discount = 0.35000000000000003           # a slider's float lands on the grid's double
    assert ex.discount == 0.35
    ex.language = "en"


def test_bad_input():
    with pytest.raises(ValueError, match="language"):
        CompressionExplorer(language="fr")
    with pytest.raises(ValueError, match="order"):
        CompressionExplorer(order=7)
    with pytest.raises(ValueError, match="order"):
        CompressionExplorer(order=3, max_order=2)
    with pytest.raises(ValueError, match="discount"):
        CompressionExplorer(discount=0.33)
    with pytest.raises(ValueError, match="heldout_chars"):
        CompressionExplorer(heldout_chars=0)
    with pytest.raises(ValueError, match="models"):
        CompressionExplorer(models={"en": CharNGram(2).fit("abc")})


def test_max_order_caps_the_slider():
    ex = CompressionExplorer(language="zh", order=2, max_order=4, heldout_chars=HELD)   # the app's call
    assert ex.max_order == 4 and ex.full_state["max_order"] == 4
    with pytest.raises(traitlets.TraitError, match="order"):
        ex.order = 5


def test_bad_traitlets(explorer):
    for key, value in [("order", -1), ("discount", 0.0), ("language", "de")]:
        with pytest.raises(traitlets.TraitError, match=key):
            setattr(explorer, key, value)


def test_picture_summary_and_mime_bundle(explorer):
    explorer.order, explorer.discount, explorer.adaptive = 3, 0.8, False
    text = explorer.summary()
    assert "k = 3" in text and "bits/char" in text and "gzip" in text
    assert f"{explorer.values['bits/char']:.3f}" in text
    data, _meta = explorer._repr_mimebundle_()
    assert data["image/png"] and data["text/plain"] == text
    assert data[MIME_TYPE]["state"]["max_order"] == 6
    assert data[MIME_TYPE]["module"] == "compression.js"
    assert data[MIME_TYPE]["state"]["tables"]["en"]["n"] == HELD
    fig = CompressionExplorer.static_figure(explorer.full_state)
    assert len(fig.axes[0].patches) == 4


# --------------------------------------------------------------------------- the guessing game

@pytest.fixture(scope="module")
def game():
    return GuessingGameExplorer(order=3)


def test_game_readouts(game):
    assert game.values == dict.fromkeys(GuessingGameExplorer.QUANTITIES, 0.0)
    game.guesses = [1, 1, 2, 4]
    v = game.values
    before, text = wc._passages("en")[0]
    m = wc._model("en").with_options(order=3)
    bits = m.code_lengths(before + text)[len(before):][:4]
    assert v["characters"] == 4 and v["your upper bound"] == 1.5
    assert v["model bits/char"] == pytest.approx(bits.mean(), rel=1e-13)
    ranks = m.guess_ranks(text, prompt=before)[:4]
    assert (v["model lower bound"], v["model upper bound"]) == shannon_guess_bounds(ranks)
    assert game.state == {"language": "en", "passage": 0, "order": 3, "guesses": [1, 1, 2, 4]}
    game.guesses = []


def test_game_passages_and_data(game):
    for lang in ("en", "zh"):
        passages = wc._passages(lang)
        assert len(passages) == wc.N_PASSAGES
        for before, text in passages:
            assert len(text) == wc.PASSAGE_CHARS[lang] and "\n" not in text
            assert set(text) <= set(wc._model(lang).alphabet)
        data = json.loads(game.games)[lang]
        assert [p["text"] for p in data["passages"]] == [t for _b, t in passages]
        assert all(len(r) == wc.MAX_ORDER + 1 for p in data["passages"] for r in p["rows"])


def test_game_bad_input(game):
    with pytest.raises(traitlets.TraitError, match="passage"):
        game.passage = 3
    with pytest.raises(traitlets.TraitError, match="guesses"):
        game.guesses = [0]
    with pytest.raises(ValueError, match="order"):
        GuessingGameExplorer(order=9)
    with pytest.raises(ValueError, match="guesses"):
        shannon_guess_bounds([])


def test_game_picture_summary_and_mime_bundle(game):
    text = game.summary()
    assert "model on the whole passage" in text and wc._passages("en")[0][1] in text
    game.guesses = [2, 1]
    assert "you, 2 characters" in game.summary()
    data, _meta = game._repr_mimebundle_()
    assert data["image/png"] and data[MIME_TYPE]["module"] == "guessing_game.js"
    assert data[MIME_TYPE]["state"]["guesses"] == [2, 1]
    game.guesses = []
