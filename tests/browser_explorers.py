"""Drive a browser explorer (an anywidget ES module, or the same module on the website) by keyboard.

Shared by the JupyterLab, Voilà and website tests.  Each explorer's root element carries
``data-explorer`` (the Python class name) and ``data-state`` (its parameters as JSON); each readout
carries ``data-quantity`` and ``data-value`` (full precision); each control is a native
``input type=range``.  After a key press the page's readouts must equal the Python class's
``readouts(state)`` for the state the page shows, to a relative 1e-12 (the parity tests' bound).
"""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
import time
from functools import lru_cache
from pathlib import Path

import lossnotes.widgets as widgets_pkg

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_READ = """(root) => ({
  name: root.dataset.explorer,
  state: JSON.parse(root.dataset.state),
  readouts: Object.fromEntries([...root.querySelectorAll('[data-quantity]')].map(e => [e.dataset.quantity, e.dataset.value])),
  live: root.querySelector('[aria-live]') !== null,
})"""


@lru_cache(maxsize=None)
def explorer_class(name):
    """The class ``name`` from lossnotes.widgets or any of its modules (data-explorer names it)."""
    cls = getattr(widgets_pkg, name, None)
    for info in ([] if cls is not None else pkgutil.iter_modules(widgets_pkg.__path__)):
        cls = getattr(importlib.import_module(f"lossnotes.widgets.{info.name}"), name, None)
        if cls is not None:
            break
    assert cls is not None, f"no explorer class {name} in lossnotes.widgets"
    return cls


def read_explorer(root):
    """{name, state, readouts (floats), live} of an explorer's root element (a Playwright locator)."""
    data = root.evaluate(_READ)
    data["readouts"] = {k: float(v) for k, v in data["readouts"].items()}
    return data


def assert_readouts_match_python(data):
    expected = explorer_class(data["name"]).readouts(data["state"])
    assert list(data["readouts"]) == list(expected), (data["readouts"], expected)
    for key, value in expected.items():
        shown = data["readouts"][key]
        if math.isinf(value) or value == 0:
            assert shown == value, (key, shown, value)
        else:
            assert math.isclose(shown, value, rel_tol=1e-12, abs_tol=1e-15), (key, shown, value)


def drive_by_keyboard(page, root, presses=3):
    """Focus the explorer's first slider, press ArrowRight (ArrowLeft at the top) ``presses`` times;
    after each press the readouts must equal readouts(state).  Returns the milliseconds per step."""
    assert root.get_attribute("data-explorer"), "an explorer root has data-explorer"
    first = read_explorer(root)
    assert first["live"], "the readouts sit in an aria-live region"
    assert_readouts_match_python(first)
    slider = root.locator("input[type=range]").first
    label = slider.get_attribute("aria-label") or ""
    assert "[" in label, f"a slider's accessible name carries its unit: {label!r}"
    slider.focus()  # as Tab would: keyboard only from here on
    times = []
    for _ in range(presses):
        before = root.get_attribute("data-state")
        key = "ArrowLeft" if float(slider.input_value()) >= float(slider.get_attribute("max")) else "ArrowRight"
        start = time.perf_counter()
        page.keyboard.press(key)
        page.wait_for_function("([el, s]) => el.dataset.state !== s", arg=[root.element_handle(), before], timeout=5_000)
        times.append((time.perf_counter() - start) * 1000)
        assert page.evaluate("(el) => el.contains(document.activeElement)", root.element_handle()), \
            "the slider keeps the focus after a key press"
        now = read_explorer(root)
        assert now["state"] != json.loads(before)
        assert_readouts_match_python(now)
    return times


def axe_violations(page, include=None, exclude=()):
    """axe-core's WCAG 2.1 A/AA violations on the page (or inside the ``include`` selector)."""
    assert AXE.exists(), "axe-core is installed by `npm ci` (package.json)"
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    context = {"include": [[include]] if include else [["html"]], "exclude": [[e] for e in exclude]}
    result = page.evaluate(
        "([ctx, tags]) => axe.run(ctx, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, WCAG_TAGS])
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}" for v in result["violations"]]


def assert_state_is_stored(root, spec):
    """The explorer starts from the notebook's state: its data-state is part of the stored state."""
    shown = json.loads(root.get_attribute("data-state"))
    stored = spec["state"]
    assert shown and all(k in stored and stored[k] == v for k, v in shown.items()), (shown, stored)


def drive_every_explorer(page, presses=1, scope=""):
    """Drive every explorer on the page (inside ``scope``, a CSS prefix) by keyboard; returns
    {explorer name: [ms per step, ...]}.  Each shows readouts(state) before and after every step."""
    roots = page.locator(f"{scope} [data-explorer]".strip())
    n = roots.count()
    assert n, "no explorer on the page"
    times = {}
    for i in range(n):
        root = roots.nth(i)
        root.scroll_into_view_if_needed()
        times.setdefault(root.get_attribute("data-explorer"), []).extend(drive_by_keyboard(page, root, presses))
    return times
