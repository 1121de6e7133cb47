"""tools/translations.py keeps the Chinese edition in sync: stale, missing and changed code are caught.

Everything here works on copies in ``tmp_path`` (the module's NOTEBOOKS / OUT / TRANSLATIONS are
pointed there), never on the real notebooks or translation files.
"""

import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import translations as tr  # noqa: E402

NAME = "01_demo"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """An empty notebooks/, notebooks/zh/, translations/zh/ layout under tmp_path."""
    nbs, out, trans = tmp_path / "notebooks", tmp_path / "notebooks" / "zh", tmp_path / "translations" / "zh"
    for d in (nbs, out, trans):
        d.mkdir(parents=True)
    monkeypatch.setattr(tr, "NOTEBOOKS", nbs)
    monkeypatch.setattr(tr, "OUT", out)
    monkeypatch.setattr(tr, "TRANSLATIONS", trans)
    monkeypatch.setattr(tr, "ROOT", tmp_path)  # messages name paths relative to it
    return tmp_path


def _demo_notebook():
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Demo: a notebook\n\nEntropy is the average surprise."),
        new_code_cell("import numpy as np\n# H(0.5, 0.5)\nh = -np.sum(0.5 * np.log2([0.5, 0.5]))\nprint(\"H =\", h)"),
        new_markdown_cell("The answer is 1 bit."),
        new_markdown_cell("## Summary\n\nA fair coin carries 1 bit."),
    ]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell{i}"
    return nb


def _write_english(tree, nb):
    nbformat.write(nb, tree / "notebooks" / f"{NAME}.ipynb")


ZH = {
    "cell0": "# 演示：一个笔记本\n\n熵是平均信息量。",
    "cell2": "答案是 1 比特。",
    "cell3": "## 小结\n\n一枚公平的硬币携带 1 比特。",
}


def _write_translation(tree, nb, *, skip=(), code=None, sha_of=None):
    """A translation file for ``nb``: every markdown cell translated (except ``skip``), hashes current
    (or from ``sha_of``, a dict cell id -> English source the entry was made from)."""
    cells = {c.id: c for c in nb.cells}
    parts = [tr.HEADER.format(name=NAME)]
    for cid, text in ZH.items():
        if cid in skip:
            continue
        source = (sha_of or {}).get(cid, cells[cid].source)
        parts.append(tr.format_entry(tr.Entry("cell", cid, tr.sha(source), text)))
    if code is not None:
        parts.append(tr.format_entry(tr.Entry("code", "cell1", tr.sha(cells["cell1"].source), code)))
    (tree / "translations" / "zh" / f"{NAME}.md").write_text("\n".join(parts), encoding="utf-8")


def _report(capsys, name=NAME):
    tr.cmd_report([name])
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(name))
    return [int(v) for v in row.split()[1:5]]  # current, stale, missing, orphaned


def test_in_sync_edition_passes_and_build_is_stable(tree):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb)
    assert tr.problems([NAME]) == ["01_demo: notebooks/zh/01_demo.ipynb missing (run `make zh`)"]
    tr.cmd_build([NAME])
    assert tr.problems([NAME]) == []
    zh = nbformat.read(tree / "notebooks" / "zh" / f"{NAME}.ipynb", as_version=4)
    by_id = {c.id: c for c in zh.cells}
    assert by_id["cell2"].source == ZH["cell2"]
    assert by_id["cell1"].source == nb.cells[1].source  # code without an entry is copied
    assert zh.metadata["lossnotes"] == {"language": "zh", "source": f"notebooks/{NAME}.ipynb"}
    # the Chinese edition has its generated header and install cell (set_language("zh"))
    install = [c for c in zh.cells if tr.navigation.generated_kind(c) == tr.navigation.INSTALL]
    assert len(install) == 1 and 'set_language("zh")' in install[0].source
    text = (tree / "notebooks" / "zh" / f"{NAME}.ipynb").read_text(encoding="utf-8")
    tr.cmd_build([NAME])  # building again changes nothing
    assert (tree / "notebooks" / "zh" / f"{NAME}.ipynb").read_text(encoding="utf-8") == text


def test_stale_edit_of_an_english_cell_is_named(tree, capsys):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb)
    tr.cmd_build([NAME])
    assert _report(capsys) == [3, 0, 0, 0]
    nb.cells[2].source = "The answer is exactly 1 bit."  # the English changes; the translation does not
    _write_english(tree, nb)
    found = tr.problems([NAME])
    stale = [p for p in found if "stale" in p]
    assert len(stale) == 1 and stale[0].startswith("01_demo: stale cell2: English changed")
    assert tr.cmd_check([NAME]) == 1
    assert "stale cell2" in capsys.readouterr().err
    assert _report(capsys) == [2, 1, 0, 0]
    # The translator updates the text and the hash: current again.
    _write_translation(tree, nb)
    tr.cmd_build([NAME])
    assert tr.problems([NAME]) == [] and _report(capsys) == [3, 0, 0, 0]


def test_missing_and_todo_translations_are_detected(tree, capsys):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb, skip={"cell3"})
    tr.cmd_build([NAME])
    assert "01_demo: missing cell3" in tr.problems([NAME])
    assert _report(capsys) == [2, 0, 1, 0]
    # skeleton adds a TODO entry with the English text; it still counts as missing, the others are kept
    tr.cmd_skeleton([NAME])
    entries = tr.read_entries(NAME)
    assert entries["cell3"].todo and entries["cell3"].text == nb.cells[3].source
    assert entries["cell2"].text == ZH["cell2"] and not entries["cell2"].todo
    assert _report(capsys) == [2, 0, 1, 0]
    # a new English cell without a translation is missing too
    new = new_markdown_cell("A new paragraph.")
    nb.cells.insert(3, new)
    _write_english(tree, nb)
    assert f"01_demo: missing {new.id}" in tr.problems([NAME])
    assert _report(capsys) == [2, 0, 2, 0]


def test_orphaned_entry_is_detected(tree, capsys):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb)
    del nb.cells[2]
    _write_english(tree, nb)
    assert "01_demo: orphaned cell2 (no such English cell)" in tr.problems([NAME])
    assert _report(capsys) == [2, 0, 0, 1]


@pytest.mark.parametrize("zh_code", [
    # comments and string literals translated: accepted
    "import numpy as np\n# 公平硬币的熵\nh = -np.sum(0.5 * np.log2([0.5, 0.5]))\nprint(\"熵 H =\", h)",
    # a comment added, blank lines changed: accepted
    "import numpy as np\n\n# 公平硬币的熵\n# （以比特为单位）\nh = -np.sum(0.5 * np.log2([0.5, 0.5]))\nprint(\"H =\", h)",
])
def test_code_differing_only_in_comments_and_strings_is_accepted(tree, capsys, zh_code):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb, code=zh_code)
    tr.cmd_build([NAME])
    assert tr.problems([NAME]) == []
    assert _report(capsys) == [4, 0, 0, 0]  # the code entry counts as a current cell
    zh = nbformat.read(tree / "notebooks" / "zh" / f"{NAME}.ipynb", as_version=4)
    assert {c.id: c for c in zh.cells}["cell1"].source == zh_code


@pytest.mark.parametrize("zh_code, why", [
    ("import numpy as np\n# 公平硬币的熵\nh = -np.sum(0.5 * np.log2([0.5, 0.25]))\nprint(\"H =\", h)", "'0.5' (English) vs '0.25'"),
    ("import numpy as np\nh = -np.sum(0.5 * np.log([0.5, 0.5]))\nprint(\"H =\", h)", "'log2' (English) vs 'log'"),
    ("import numpy as np\nh = -np.sum(0.5 * np.log2([0.5, 0.5]))\nprint(\"H =\", h)\nprint(h)", "code differs: '' (English) vs 'print'"),
    ("import numpy as np\nh = -np.sum(0.5 * np.log2([0.5, 0.5]))\nprint(f\"H = {h}\")", "code differs"),
])
def test_code_differing_beyond_comments_and_strings_is_rejected(tree, zh_code, why):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb, code=zh_code)
    tr.cmd_build([NAME])
    code = [p for p in tr.problems([NAME]) if p.startswith("01_demo: code cell1:")]
    assert len(code) == 1 and why in code[0], tr.problems([NAME])


def test_code_differences_cover_magics():
    assert tr.code_difference("%matplotlib inline\nx = 1", "%matplotlib inline\nx = 1  # 一") is None
    assert tr.code_difference("%matplotlib inline\nx = 1", "%matplotlib widget\nx = 1") == "a magic or shell line differs"


def test_edited_zh_notebook_is_detected(tree):
    nb = _demo_notebook()
    _write_english(tree, nb)
    _write_translation(tree, nb)
    tr.cmd_build([NAME])
    path = tree / "notebooks" / "zh" / f"{NAME}.ipynb"
    zh = nbformat.read(path, as_version=4)
    next(c for c in zh.cells if c.id == "cell2").source = "手工改过的译文"
    nbformat.write(zh, path)
    assert tr.problems([NAME]) == [f"{NAME}: notebooks/zh/{NAME}.ipynb is not what `build` writes "
                                   "(run `make zh`, then execute it)"]


def _current_real_notebook():
    """A real notebook whose translation is complete and current (skip if none is yet)."""
    for name in tr.names():
        if tr.translation_path(name).exists() and (tr.OUT / f"{name}.ipynb").exists():
            st = tr.status(name)
            if st.ok and st.current:
                return name
    pytest.skip("no notebook has a complete, current translation")


def test_editing_a_real_english_markdown_cell_makes_check_fail_and_name_it(tmp_path, monkeypatch):
    name = _current_real_notebook()
    nbs, out, trans = tmp_path / "notebooks", tmp_path / "notebooks" / "zh", tmp_path / "translations" / "zh"
    out.mkdir(parents=True)
    trans.mkdir(parents=True)
    for path in tr.NOTEBOOKS.glob("*.ipynb"):  # all of them: the navigation links name the neighbours
        shutil.copy(path, nbs / path.name)
    shutil.copy(tr.OUT / f"{name}.ipynb", out / f"{name}.ipynb")
    shutil.copy(tr.translation_path(name), trans / f"{name}.md")
    monkeypatch.setattr(tr, "NOTEBOOKS", nbs)
    monkeypatch.setattr(tr, "OUT", out)
    monkeypatch.setattr(tr, "TRANSLATIONS", trans)
    monkeypatch.setattr(tr, "ROOT", tmp_path)
    before = set(tr.problems([name]))
    assert not any(p.startswith(f"{name}: stale") or p.startswith(f"{name}: missing") for p in before)
    nb = nbformat.read(nbs / f"{name}.ipynb", as_version=4)
    cell = next(c for c in tr.translatable(nb) if c.cell_type == "markdown")
    original = cell.source
    cell.source += "\n\nOne more English sentence."
    nbformat.write(nb, nbs / f"{name}.ipynb")
    new = set(tr.problems([name])) - before
    assert new == {f"{name}: stale {cell.id}: English changed (en-sha {tr.sha(original)} → {tr.sha(cell.source)})"}
    monkeypatch.undo()
    assert tr.status(name).ok  # the real files were not touched


# -- English prose left in Chinese code cells (issue 16: 05 showed seven English comments) -------
@pytest.mark.parametrize("text", [
    "replace None with your answer", "the entropy of a fair coin", "units of y",
    "Halving p adds 1 bit; p = 1 gives 0 in every unit.", "mean over {n} data sets ± standard error",
    "KL(p||q) is not symmetric: swap the arguments", "The loss is in nats; divide by ln 2 (or use info.convert_units).",
])
def test_english_prose_is_recognised(text):
    assert tr.is_english_prose(text)


@pytest.mark.parametrize("text", [
    "把 None 换成你的答案", "upper right", "offset points", "KL(p||q) = {kl:.4f} bits", "H = -0.9 log2 0.9 - 0.1 log2 0.1。",
    "losses.cross_entropy(Z, y, weight=w, reduction='none') =", "Hinton et al. 2015", "%matplotlib inline", "noqa: E731",
    "d* = log((1 - eps + eps/C) / (eps/C))", "batchmean", "PyTorch 的 F.kl_div 默认 reduction='mean'", "$p \\log p$ in bits",
    "https://example.org/a/path/of/the/page", "{x:.3f} nats   {y:.3f} bits", "MSE vs CE",
])
def test_identifiers_formulas_units_and_names_pass(text):
    assert not tr.is_english_prose(text)


def test_english_comments_and_strings_in_chinese_code_are_reported(tree):
    nb = _demo_notebook()
    nb.cells[1].source = ("import numpy as np\n# the entropy of a fair coin\nh = 1.0\n"
                          "print(f\"H = {h} bits, the most a coin can have\")\nax_loc = \"upper right\"")
    _write_english(tree, nb)
    _write_translation(tree, nb)
    tr.cmd_build([NAME])
    found = [p for p in tr.problems([NAME]) if "English in code" in p]
    assert found == [f"{NAME}: English in code cell1: # the entropy of a fair coin (translate it, or mark the line # 保留英文)",
                     f"{NAME}: English in code cell1: f\"H = {{h}} bits, the most a coin can have\" (translate it, or mark "
                     "the line # 保留英文)"]
    assert not tr.status(NAME).ok
    # Translated (an entry whose comments and strings are Chinese), the cell passes.
    zh_code = ("import numpy as np\n# 公平硬币的熵\nh = 1.0\nprint(f\"H = {h} 比特，硬币最多也就这么多\")\n"
               "ax_loc = \"upper right\"")
    _write_translation(tree, nb, code=zh_code)
    tr.cmd_build([NAME])
    assert tr.problems([NAME]) == [] and tr.status(NAME).ok


def test_a_string_kept_in_english_on_purpose_passes(tree):
    nb = _demo_notebook()
    nb.cells[1].source = "text = \"to be or not to be, that is the question\"\nh = len(text)"
    _write_english(tree, nb)
    zh_code = "text = \"to be or not to be, that is the question\"  # 保留英文：莎士比亚的原文\nh = len(text)"
    _write_translation(tree, nb, code=zh_code)
    tr.cmd_build([NAME])
    assert tr.problems([NAME]) == []


def test_catalogue_messages_are_keys_unless_printed(tree):
    nb = _demo_notebook()
    nb.cells[1].source = 'f(unit="units of y")\nprint("units of y")'
    _write_english(tree, nb)
    _write_translation(tree, nb)
    tr.cmd_build([NAME])
    assert "units of y" in tr.catalogue_messages()
    assert [p for p in tr.problems([NAME]) if "English in code" in p] == [
        f"{NAME}: English in code cell1: \"units of y\" (translate it, or mark the line # 保留英文)"]
