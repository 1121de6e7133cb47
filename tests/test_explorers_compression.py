"""CompressionExplorer: moving the controls from Python changes the bars and readouts to the right numbers."""

import pytest

from lossnotes.compression import CharNGram, compressor_bits_per_char, load_text, split_text
from lossnotes.widgets.compression import CompressionExplorer


@pytest.fixture(scope="module")
def explorer():
    return CompressionExplorer(order=2, max_order=3, heldout_chars=3000)


def test_controls_move_the_numbers(explorer):
    ex = explorer
    train, held = split_text(load_text("shakespeare"), 0.9)
    held = held[:3000]
    for order, D, adaptive in [(3, 0.8, False), (3, 0.3, False), (3, 0.3, True), (1, 0.3, True)]:
        frames = ex.frames
        ex.order.value, ex.discount.value, ex.adaptive.value = order, D, adaptive
        assert ex.frames == frames + 1                  # exactly one control changed: one frame
        model = CharNGram(order, adaptive=adaptive, discount=D).fit(train)
        H, H_coded = model.cross_entropy(held), model.cross_entropy(held, coded=True)
        assert ex.values["bits/char"] == pytest.approx(H)              # the model as defined
        assert ex.values["perplexity"] == pytest.approx(2 ** H)
        assert ex.bars[0].get_height() == pytest.approx(H)
        assert ex.readouts["H (held-out)"] == f"{H:.3f} bits/char"
        assert ex.values["rounding bits/char"] == pytest.approx(H_coded - H)
        assert ex.readouts["coder's rounding"] == f"{H_coded - H:+.4f} bits/char"
        assert ex.values["model bytes"] == pytest.approx(len(held) * H_coded / 8)   # what the coder writes
    base = compressor_bits_per_char(train, held)
    assert [b.get_height() for b in ex.bars[1:]] == pytest.approx([base[k] for k in ("gzip", "bz2", "xz")])


def test_temperature_changes_only_the_sample(explorer):
    ex = explorer
    H, s = ex.values["bits/char"], ex.sample
    ex.temperature.value = 0.3
    assert ex.values["bits/char"] == H and ex.sample != s
    assert ex.sample in ex.summary() or repr(ex.sample) in ex.summary()


def test_language_toggle(explorer):
    ex = explorer
    ex.adaptive.value = False
    ex.language.value = "zh"
    train, held = split_text(load_text("lunyu_mengzi"), 0.9)
    held = held[:3000]
    H = CharNGram(ex.order.value, discount=ex.discount.value).fit(train).cross_entropy(held)
    assert ex.values["bits/char"] == pytest.approx(H)
    assert ex.values["bits/byte"] == pytest.approx(len(held) * H / len(held.encode("utf-8")))
    assert ex.values["bits/byte"] < ex.values["bits/char"] / 2
    ex.language.value = "en"
    assert ex.values["bits/byte"] == pytest.approx(ex.values["bits/char"])   # ASCII


def test_bad_arguments():
    with pytest.raises(ValueError, match="language"):
        CompressionExplorer(language="fr")
    with pytest.raises(ValueError, match="order"):
        CompressionExplorer(order=5, max_order=3)
