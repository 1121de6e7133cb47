"""The Chinese edition's typography (translations/README.md): tools/typography.py, strict on every file."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import typography  # noqa: E402


def _rules(markdown):
    return [v.rule for v in typography.check_markdown(markdown, "test")]


@pytest.mark.parametrize("markdown, rule", [
    ("这是 *重要* 的一点。", "italic-cjk"),
    ("这是 _重要_ 的一点。", "italic-cjk"),
    ("这是 <em>重要</em> 的一点。", "italic-cjk"),
    ("**练习 1.**一个样本", "literal-delimiter"),
    ("损失小了 400 倍。", "ratio"),
    ("梯度缩小 $C$ 倍。", "ratio"),
    ("软标签项小了 $1600$ 倍，学生", "ratio"),
    ("也就是 $1\\text{ bit} = \\ln 2$。", "unit-in-latex"),
    ("等于 $3\\,\\text{比特}$。", "unit-in-latex"),
    ("其中 98.6 % 都对了。", "percent"),
    ("其中 98.6％ 都对了。", "percent"),
    ("抽取 10 000 个样本。", "thousands"),
    ("共 67702 个字符。", "thousands"),
    ("正向 KL 让 q 铺开。", "term"),
    ("逻辑损失永远不会为零。", "term"),
    ("用软目标训练。", "term"),
    ("第一行的末尾是中文，\n下一行接着写。", "line-break"),
])
def test_each_rule_catches_its_example(markdown, rule):
    assert rule in _rules(markdown)


@pytest.mark.parametrize("markdown", [
    "这是 **重要** 的一点。", "*English italics* are fine in an English line.", "降到原来的 1/400。",
    "只有教师模型的 1/18。", "大了 2 倍。", "$1$ 比特 $= \\ln 2 \\approx 0.6931$ 奈特", "$\\text{对所有 } x$ 成立",
    "$$H = 3 \\text{ 比特}$$", "$\\sqrt{\\text{奈特}}$", "$I_{\\text{比特}}$", "其中 98.6% 都对了。", "抽取 10,000 个样本。",
    "`seed=12345` 的结果", "[链接](https://example.org/12345)", "前向 KL 与反向 KL", "第 2000 个样本", "logistic 损失",
    "| 10000 |\n|---|\n| 1 |", "第一段。\n\n第二段。", "English line\nnext line",
])
def test_what_the_conventions_allow_passes(markdown):
    assert _rules(markdown) == []


@pytest.mark.parametrize("path", typography.chinese_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chinese_edition_typography(path):
    found = typography.check_files([path])
    assert not found, "translations/README.md, Typography:\n" + "\n".join(map(str, found))
