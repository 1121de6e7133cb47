"""The shipped CJK fonts (tools/subset_font.py): they cover every character lossnotes can show, in two weights."""

import re
import warnings
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import lossnotes
from lossnotes import cjk

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003134f]")


def _cmap(path):
    return set(TTFont(str(path))["cmap"].getBestCmap())


def _missing(text, cmap):
    return sorted({c for c in CJK.findall(text) if ord(c) not in cmap})


def test_fonts_cover_the_chinese_corpus_of_notebook_10():
    # 论语/孟子 has characters outside GB 2312, and six (𦰏𫍙𫖹𫗞𫗦𫛞) that Noto Sans CJK lacks.
    text = (ROOT / "lossnotes" / "data" / "lunyu_mengzi.txt").read_text(encoding="utf-8")
    regular = _cmap(cjk.FONT_PATH) | _cmap(cjk.EXT_FONT_PATH)
    bold = _cmap(cjk.BOLD_FONT_PATH) | _cmap(cjk.EXT_FONT_PATH)
    assert not _missing(text, regular), f"re-run tools/subset_font.py: {''.join(_missing(text, regular))}"
    assert not _missing(text, bold), f"re-run tools/subset_font.py: {''.join(_missing(text, bold))}"
    outside_gb2312 = {c for c in set(text) if CJK.match(c)} - {c for c in set(text) if _in_gb2312(c)}
    assert len(outside_gb2312) > 100  # what the test is about


def _in_gb2312(c):
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def test_fonts_cover_everything_chinese_the_course_shows():
    texts = [p.read_text(encoding="utf-8") for p in
             [*(ROOT / "translations").rglob("*.md"), *(ROOT / "lossnotes" / "locale").rglob("*.po"),
              ROOT / "README.zh-CN.md", *(ROOT / "notebooks" / "zh").glob("*.md")]]
    cmap = _cmap(cjk.FONT_PATH) | _cmap(cjk.EXT_FONT_PATH)
    missing = _missing("".join(texts), cmap)
    assert not missing, f"re-run tools/subset_font.py: {''.join(missing)}"


def test_regular_and_bold_have_the_same_characters_and_their_weights():
    assert _cmap(cjk.FONT_PATH) == _cmap(cjk.BOLD_FONT_PATH)
    assert not _cmap(cjk.EXT_FONT_PATH) & _cmap(cjk.FONT_PATH)  # the extension holds only what Noto lacks
    for path, family, weight in [(cjk.FONT_PATH, cjk.FONT_FAMILY, 400), (cjk.BOLD_FONT_PATH, cjk.FONT_FAMILY, 700),
                                 (cjk.EXT_FONT_PATH, cjk.EXT_FAMILY, 400)]:
        font = TTFont(str(path))
        assert font["name"].getDebugName(1) == family and font["OS/2"].usWeightClass == weight
        assert "CFF " in font and font["head"].unitsPerEm == 1000


def test_package_size_of_the_fonts():
    # Two weights of about 7,050 characters each and a tiny extension: about 6 MB in all.
    sizes = {p.name: p.stat().st_size for p in cjk.FONT_PATHS}
    assert sum(sizes.values()) < 6_500_000, sizes
    assert sizes[cjk.EXT_FONT_PATH.name] < 50_000


@pytest.fixture
def zh():
    lossnotes.set_language("zh")
    yield
    lossnotes.set_language("en")


def test_bold_chinese_is_drawn_with_the_bold_font_and_rare_characters_with_the_extension(zh, tmp_path):
    import matplotlib as mpl
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    from lossnotes import plots

    assert mpl.rcParams["font.family"][1:3] == [cjk.FONT_FAMILY, cjk.EXT_FAMILY]
    find = font_manager.findfont
    assert Path(find(FontProperties(family=cjk.FONT_FAMILY, weight="bold"), fallback_to_default=False)) == cjk.BOLD_FONT_PATH
    assert Path(find(FontProperties(family=cjk.FONT_FAMILY), fallback_to_default=False)) == cjk.FONT_PATH
    assert Path(find(FontProperties(family=cjk.EXT_FAMILY), fallback_to_default=False)) == cjk.EXT_FONT_PATH
    fig, ax = plots.new_figure()
    ax.text(0.1, 0.6, "以杖荷𦰏，𫍙𫍙 H = 1 比特")
    ax.text(0.1, 0.3, "以杖荷𦰏，𫍙𫍙 可加 ✓", fontweight="bold")
    caption = plots.caption(fig, "注意峰值")
    assert caption.get_style() == "normal"  # no italics on Chinese
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would raise here
        fig.savefig(tmp_path / "zh.png")


def test_english_captions_stay_italic():
    from lossnotes import plots

    fig, _ax = plots.new_figure()
    assert plots.caption(fig, "Notice the peak.").get_style() == "italic"
