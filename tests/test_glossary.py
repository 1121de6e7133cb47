"""The glossaries: the English edition's bilingual one and the Chinese one built from it (tools/glossary.py)."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import glossary  # noqa: E402

TERMS = glossary.english_terms()


def test_chinese_glossary_is_complete_current_and_built():
    assert glossary.problems() == [], "fix translations/zh/glossary.md, then run `python tools/glossary.py`"


def test_every_term_links_to_an_existing_notebook_in_both_editions():
    zh = (ROOT / "notebooks" / "zh" / "glossary.md").read_text(encoding="utf-8")
    for term in TERMS:
        target = re.search(r"\]\(([^)]+)\)", term.notebook).group(1)
        assert (ROOT / "notebooks" / target).exists(), term
    rows = [glossary.split_row(line) for line in zh.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(TERMS)
    for chinese, english, notebook, _meaning in rows:
        target = re.search(r"\]\(([^)]+)\)", notebook).group(1)
        assert (ROOT / "notebooks" / "zh" / target).exists(), english
        assert not target.startswith("../") or not (ROOT / "notebooks" / "zh" / Path(target).name).exists()
        assert re.search(r"[\u4e00-\u9fff]", chinese), english


@pytest.mark.parametrize("english", [
    "Kraft inequality", "Shannon code", "dyadic distribution", "Jensen's inequality", "concave",
    "conditional mutual information", "interaction information", "mixture (distribution)", "moment matching",
    "mass-covering / mode-seeking", "modulating factor", "anchor box", "critic", "escape symbol",
    "range coder (arithmetic coder)", "logistic loss", "0–1 loss",
])
def test_issue_16_terms_are_there(english):
    assert english in {t.english for t in TERMS}


def test_issue_16_wording():
    by = {t.english: t for t in TERMS}
    assert "for the distribution it is built for" in by["Huffman code"].meaning
    assert "on average" in by["conditional entropy"].meaning
    assert "compares languages fairly" not in by["bits per character / bits per byte"].meaning
    _head, rows, tail = glossary.read_translation()
    for variant in ["海森矩阵（亦作黑塞矩阵、海塞矩阵）", "霍夫曼编码（亦作哈夫曼编码、赫夫曼编码）",
                    "铰链损失（李航《统计学习方法》称合页损失）", "逻辑回归（周志华《机器学习》称对数几率回归）"]:
        assert any(row.chinese == variant for row in rows.values()), variant
    assert "同济《高等数学》" in tail and "原笔记" in tail


def test_a_changed_english_row_makes_the_chinese_row_stale(tmp_path):
    english = tmp_path / "glossary.md"
    text = glossary.ENGLISH.read_text(encoding="utf-8")
    english.write_text(text.replace("the expected self-information", "the average self-information"), encoding="utf-8")
    out = tmp_path / "zh" / "glossary.md"
    found = glossary.problems(english=english, out=out)
    assert [p for p in found if p.startswith("glossary: stale 'entropy'")], found


def test_missing_and_orphaned_rows_are_named(tmp_path):
    source = glossary.TRANSLATION.read_text(encoding="utf-8")
    lines = source.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("| entropy |"))
    lines[i] = lines[i].replace("| entropy |", "| entropy (Shannon) |")
    translation = tmp_path / "glossary.md"
    translation.write_text("\n".join(lines), encoding="utf-8")
    found = glossary.problems(translation=translation, out=tmp_path / "out.md")
    assert any(p.startswith("glossary: missing 'entropy'") for p in found)
    assert "glossary: orphaned 'entropy (Shannon)' (no such English term)" in found


def test_site_search_dictionary_reads_the_chinese_terms():
    # tools/build_site.py's jieba dictionary is the 中文 column of the English glossary: plain terms.
    for term in TERMS:
        assert "亦作" not in term.chinese and "《" not in term.chinese, term
