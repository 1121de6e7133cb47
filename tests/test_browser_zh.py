"""The Chinese edition (notebooks/zh/) in a real browser, as test_browser.py does the English one.

For every Chinese notebook: open it in JupyterLab, clear the outputs, Run All, check that no cell
raised and every widget displayed, move an explorer's slider with the keyboard (the picture must
redraw and a readout change), and check that the readout is in Chinese (it contains CJK
characters: 比特, 奈特, 熵 …), which is what `lossnotes.set_language("zh")` in the first code cell
promises. The Chinese app is opened in Voilà.

This file has its own JupyterLab server and browser (the fixtures are test_browser.py's), so
that under `make test`'s ``--dist loadfile`` the two editions run on the two workers side by side.
"""

from __future__ import annotations

import re

import nbformat
import pytest

# The fixtures and helpers of the English browser tests (pytest puts tests/ on sys.path); the
# `browser` fixture is tests/conftest.py's, one chromium per test process.
from test_browser import (  # noqa: F401 - fixtures are used by name
    APP,
    ROOT,
    _check_outputs,
    _check_voila,
    _explorers_without_a_kernel,
    _fail,
    _kernel_sliders,
    _move_a_slider,
    _run_all,
    _ScreenshotOnError,
    _shutdown_kernels,
    lab,
    page,
    served_root,
)

ZH_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks" / "zh").glob("*.ipynb"))
CJK = re.compile(r"[\u3400-\u9fff]")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-zh")]


def _chinese(texts):
    return any(CJK.search(t) for t in texts)


@pytest.mark.parametrize("name", ZH_NOTEBOOKS)
def test_chinese_notebook_runs_and_its_explorers_work_in_chinese(name, lab, page):
    path = f"zh/{name}"
    try:
        with _ScreenshotOnError(page, path):
            state = _run_all(page, lab.url, path)
            _check_outputs(page, path, state["errors"], state["stderr"])
            cells = nbformat.read(ROOT / "notebooks" / "zh" / name, as_version=4).cells
            assert state["code"] == len(state["prompts"]) == sum(c.cell_type == "code" for c in cells)
            if _kernel_sliders(page):
                _, before, after, ms = _move_a_slider(page, path)
                if not _chinese(after["html"]):
                    _fail(page, path, f"{path}: the explorer's readout is not in Chinese: {after['html']}")
                print(f"{path}: one slider step redrew in {ms:.0f} ms; readout {before['html']} -> {after['html']}")
            explorers = page.locator(".jp-OutputArea-output [data-explorer]")
            if explorers.count():
                texts = explorers.all_inner_texts()
                if not all(_chinese([t]) for t in texts):
                    _fail(page, path, f"{path}: an explorer is not labelled in Chinese: {texts}")
                _explorers_without_a_kernel(page, lab, path)
    finally:
        page.goto("about:blank")
        _shutdown_kernels(lab)


def test_chinese_app_in_voila(lab, page):
    name = "voila-zh"
    try:
        with _ScreenshotOnError(page, name):
            ms = _check_voila(page, name, f"{lab.url}/voila/render/notebooks/zh/{APP}",
                              notebook=ROOT / "notebooks" / "zh" / APP)
            texts = page.locator("[data-explorer]").all_inner_texts() + page.locator(".widget-html-content").all_inner_texts()
            if not _chinese(texts):
                _fail(page, name, f"the Chinese app's explorers are not in Chinese: {texts[:3]}")
            print(f"{name}: steps redrew in {[round(t) for t in ms]} ms")
    finally:
        page.goto("about:blank")
        _shutdown_kernels(lab)


def test_every_english_notebook_has_a_chinese_edition():
    english = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert ZH_NOTEBOOKS == english
