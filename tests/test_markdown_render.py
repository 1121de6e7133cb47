"""Every Markdown cell of both editions renders under CommonMark: no bold or emphasis left as literal ** or __.

GitHub and JupyterLab follow CommonMark, which cannot close ``**`` right after punctuation when a
letter or CJK character follows (``**练习 1.**一个样本`` shows its asterisks).  The cells are parsed
with markdown-it-py (tools/typography.py sets the mathematics aside first, as JupyterLab does).
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import typography  # noqa: E402

FILES = typography.english_files() + typography.chinese_files()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_markdown_renders_without_literal_delimiters(path):
    found = typography.check_files([path], render_only=True)
    assert not found, "bold/emphasis that does not render (write `**练习 1.** 一个样本`):\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("markdown", [
    "**练习 1.**一个样本", "一个 **样本。**然后", "__强调。__后文", "**Exercise 1.**A sample", "**$p$**的值",
])
def test_bold_closed_after_punctuation_before_a_letter_is_caught(markdown):
    assert typography.literal_delimiters(markdown)


@pytest.mark.parametrize("markdown", [
    "**练习 1.** 一个样本", "**练习 1** 一个样本", "一个**样本**然后", "**Exercise 1.** A sample", "**$p$** 的值",
    "`a**b`", "$a^{**}$ and $x__1$", "```\n**x**y\n```", "| **a** | b |\n|---|---|\n| 1 | 2 |", "$$p_{**}$$",
])
def test_bold_that_renders_code_and_maths_pass(markdown):
    assert not typography.literal_delimiters(markdown)
