"""The package speaks Chinese: catalogues complete and compiled, explorers show no English, figures no boxes."""

import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import lossnotes
from lossnotes import cjk, i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import catalogues  # noqa: E402

# Words that stay in English in Chinese ML writing (TRANSLATION.md), or are names.
# Names that stay English in Chinese text: functions, losses and scores named after people or papers,
# a corpus title (Tiny Shakespeare), compressors (gzip) and "n-gram".
ALLOWED = {"softmax", "logit", "logits", "Huber", "Smooth", "InfoNCE", "log2", "Focal", "Loss", "hinge", "Brier",
           "Tiny", "Shakespeare", "gzip", "gram"}
WORD = re.compile(r"[A-Za-z]{4,}")


@pytest.fixture
def zh():
    lossnotes.set_language("zh")
    yield
    lossnotes.set_language("en")


def test_catalogues_are_complete_and_compiled():
    # Fails when a string marked in the source has no Chinese, or the .mo is not the compiled .po.
    assert catalogues.problems() == []


def test_set_language_switches_units_and_font():
    import matplotlib as mpl

    lossnotes.set_language("zh-CN")
    try:
        assert i18n.get_language() == "zh" and i18n.unit_label("nats") == "奈特"
        assert mpl.rcParams["font.family"][1] == cjk.FONT_FAMILY
    finally:
        lossnotes.set_language("en")
    assert i18n.unit_label("nats") == "nats" and cjk.FONT_FAMILY not in mpl.rcParams["font.family"]
    with pytest.raises(ValueError, match="language"):
        lossnotes.set_language("fr")


def test_set_language_is_not_run_at_import():
    code = "import sys, lossnotes; print('matplotlib' in sys.modules, lossnotes.i18n.get_language())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "en"]


def test_english_install_cell_imports_no_matplotlib():
    # Every English notebook's first cell calls set_language("en"): an idle kernel stays light.
    code = "import sys, lossnotes; lossnotes.set_language('en'); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]


def test_every_chinese_character_of_the_catalogue_is_in_the_shipped_font():
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(cjk.FONT_PATH))["cmap"].getBestCmap()
    text = catalogues.po_path("zh").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "translations").rglob("*.md"))
    missing = sorted({c for c in catalogues_cjk(text) if ord(c) not in cmap})
    assert not missing, f"re-run tools/subset_font.py: {''.join(missing)}"


def catalogues_cjk(text):
    return re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text)


def _browser_texts(ex):
    """A browser explorer: its caption, title, static picture and summary, and every label of its
    ES module (each must have its translation in the strings the module receives)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import catalogues as cats

    missing = sorted(m for m in cats.js_messages() if m not in ex.strings)
    assert not missing, f"{type(ex).__name__}: module labels without Chinese: {missing}"
    fig = ex.static_figure(ex.full_state)
    labels = [re.sub(r"\{\w+\}", "", t) for t in ex.strings.values()]  # placeholders are not shown
    out = [ex.caption, ex.title, *labels, *ex.summary().splitlines()[1:]]
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
    return [t for t in out if t]


def _texts(ex):
    """Everything a student reads on an explorer: its labels, caption, readouts and static picture."""
    return _browser_texts(ex)


def _explorers():
    from lossnotes import calibration as cal
    from lossnotes.gaussian_fit import NormalFitGrid
    from lossnotes.widgets import PQExplorer
    from lossnotes.widgets.alignment import KLPenaltyExplorer
    from lossnotes.widgets.calibration import ScoringRuleExplorer, TemperatureScalingExplorer
    from lossnotes.widgets.classification import LogitExplorer, SigmoidGradientExplorer
    from lossnotes.widgets.compression import CompressionExplorer, GuessingGameExplorer
    from lossnotes.widgets.distillation import DistillationGradientExplorer, TemperatureExplorer
    from lossnotes.widgets.divergence import CodingExplorer, MixtureFitExplorer, NormalFitExplorer
    from lossnotes.widgets.entropy import (AdditivityExplorer, BinaryEntropyExplorer, EntropyExplorer,
                                           SelfInformationExplorer)
    from lossnotes.widgets.mutual_information import JointTableExplorer
    from lossnotes.widgets.practice import ContrastiveExplorer, FocalLossExplorer
    from lossnotes.widgets.regression import RegressionLossExplorer, RobustFitExplorer

    rng = np.random.default_rng(0)
    q, k = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    x = np.linspace(-8, 8, 81)
    xv, yv = cal.noisy_blobs(60, seed=1)
    return {
        "PQ": lambda: PQExplorer([0.5, 0.3, 0.2], [0.2, 0.3, 0.5], base="nats"),
        "focal": lambda: FocalLossExplorer(),
        "contrastive": lambda: ContrastiveExplorer(q, k),
        "robust-fit": lambda: RobustFitExplorer(),
        "regression-loss": lambda: RegressionLossExplorer(beta=0.5, error=2.0),
        "temperature": lambda: TemperatureExplorer([3.0, 1.0, 0.2], ["a", "b", "c"]),
        "kd-gradient": lambda: DistillationGradientExplorer([1.0, 0.0, -1.0], [2.0, 0.5, -1.0], ["a", "b", "c"]),
        "logit": lambda: LogitExplorer([2.0, 0.5, -1.0], true_class=1),
        "sigmoid-gradient": lambda: SigmoidGradientExplorer(),
        "self-information": lambda: SelfInformationExplorer(0.0),
        "additivity": lambda: AdditivityExplorer(),
        "additivity-1-p": lambda: AdditivityExplorer(f="1 - p"),
        "binary-entropy": lambda: BinaryEntropyExplorer(0.3),
        "entropy": lambda: EntropyExplorer([0.5, 0.25, 0.25, 0.0]),
        "coding": lambda: CodingExplorer([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125], ["a", "b", "c", "d"]),
        "normal-fit": lambda: NormalFitExplorer(np.linspace(-16, 16, 401)),
        "mixture-fit": lambda: MixtureFitExplorer(NormalFitGrid(x, np.linspace(-4, 4, 9), np.linspace(0.5, 3, 6))),
        "joint-table": lambda: JointTableExplorer([[0.3, 0.2], [0.1, 0.4]]),
        "compression": lambda: CompressionExplorer(language="zh", order=2),
        "guessing-game": lambda: GuessingGameExplorer(language="zh", order=3),
        "kl-penalty": lambda: KLPenaltyExplorer([0.5, 0.3, 0.2], [1.0, 0.0, -1.0], ["a", "b", "c"], beta=0.5),
        "scoring-rule": lambda: ScoringRuleExplorer(p=0.7, q=0.4),
        "temperature-scaling": lambda: TemperatureScalingExplorer(rng.normal(size=(60, 3)), yv % 3, T=1.0),
    }


_EXPLORERS = _explorers()


@pytest.mark.parametrize("make", list(_EXPLORERS.values()), ids=list(_EXPLORERS))
def test_explorers_show_no_english_in_chinese_mode(zh, make):
    ex = make()
    texts = _texts(ex)
    english = sorted({w for t in texts for w in WORD.findall(t)} - ALLOWED)
    assert not english, f"{type(ex).__name__} shows English in zh mode: {english}\n{texts}"
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)


def test_chinese_figure_draws_without_missing_glyphs(zh, tmp_path):
    from lossnotes.widgets import PQExplorer

    ex = PQExplorer([1, 0, 0], [0.7, 0.2, 0.1], labels=["猫", "狗", "狐狸"])
    fig = ex.static_figure(ex.full_state)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font" would raise here
        fig.savefig(tmp_path / "zh.png")
        fig.savefig(tmp_path / "zh.svg")
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    assert Path(font_manager.findfont(FontProperties(family=cjk.FONT_FAMILY), fallback_to_default=False)) == cjk.FONT_PATH


def test_check_feedback_and_student_errors_speak_chinese(zh):
    from lossnotes.exercises import check, check_choice
    from lossnotes.information import entropy

    msgs = [check(None, 3.0), check(3, 3.0, unit="bits"), check(2.5, 3.0, unit="bits", hint="…"),
            check(3.0, 3.0445), check([1, 2], 3.0), check_choice("a", "b"), check_choice("b", "b")]
    texts = [m.message for m in msgs]
    assert texts[1] == "✓ 正确：3 比特。" and texts[2].startswith("✗ 还不对：2.5 比特")
    assert not sorted({w for t in texts for w in WORD.findall(t)} - ALLOWED - {"None"}), texts
    # Errors a student meets are Chinese but keep the argument's name (and tests match English in "en").
    with pytest.raises(ValueError, match=r"^p 沿 axis -1 的和不为 1"):
        entropy([0.5, 0.6])
    with pytest.raises(ValueError, match=r"^base 必须"):
        entropy([0.5, 0.5], base="furlongs")


def test_bold_chinese_text_logs_nothing(zh, tmp_path, caplog):
    # The shipped font has one weight; bold Chinese must not make matplotlib log
    # "findfont: Failed to find font weight bold ..." into a notebook's stored output.
    import logging

    from lossnotes import plots

    fig, ax = plots.new_figure()
    ax.set_title("加粗的中文 bold", fontweight="bold")
    ax.text(0.5, 0.5, "可加 ✓", fontweight="bold")
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"), warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(tmp_path / "bold.png")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
