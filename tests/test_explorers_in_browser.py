"""Every browser explorer stored in a notebook works on a bare static page, by keyboard, accessibly.

For each notebook of both editions that stores browser explorers (outputs with
``application/vnd.lossnotes.explorer+json``), a page is written that holds just those explorers'
mount points, exactly as ``tools/build_site.py`` writes them, and loads the shipped bundles
(``lossnotes/widgets/static``) through ``site.js``.  The page is served from 127.0.0.1 with every
other host blocked and opened in chromium.  Then:

* every explorer mounts, starting from the notebook's stored state;
* each is driven by keyboard (its first slider, ArrowRight/ArrowLeft), and after every step its
  readouts equal the Python class's ``readouts(state)`` (``tests/browser_explorers.py``);
* axe-core finds no WCAG 2.1 A/AA violation in the explorers, on a light and on a dark page;
* nothing scrolls sideways at 375 px;
* the console stays clean.

This needs no Sphinx build, so it checks a notebook's explorers in seconds (run it with
``-k 05_`` while working on notebook 05); ``tests/test_site.py`` checks the built website.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

from browser_explorers import assert_state_is_stored, axe_violations, drive_every_explorer

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "lossnotes" / "widgets" / "static"
MIME = "application/vnd.lossnotes.explorer+json"
EDITIONS = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}

# Light and dark pages: the explorers inherit the page's text colour (currentColor), as on the site.
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
h1 {{ overflow-wrap: anywhere; }}
body {{ font-family: system-ui, sans-serif; margin: 0 auto; padding: 8px; max-width: 820px; background: #fff; color: #222; }}
body.dark {{ background: #121212; color: #e8e8e8; }}
.lossnotes-live.is-live .lossnotes-static {{ display: none; }}
img {{ max-width: 100%; height: auto; }}
</style>
<script type="module" src="../explorers/site.js"></script></head>
<body><main><h1>{title}</h1>
{mounts}
</main></body></html>
"""


def _import_build_site():
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import build_site

    return build_site


def stored_explorers(path):
    """The explorer+json specs a notebook stored, in order."""
    nb = nbformat.read(path, as_version=4)
    return [out["data"][MIME] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if MIME in out.get("data", {})]


def _cases():
    cases = []
    for lang, folder in EDITIONS.items():
        for path in sorted(folder.glob("*.ipynb")):
            if stored_explorers(path):
                cases.append(pytest.param(lang, path, id=f"{path.stem}-{lang}"))
    return cases


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A folder with the bundles in explorers/ and one page per notebook, served on 127.0.0.1."""
    build_site = _import_build_site()
    root = tmp_path_factory.mktemp("explorer-pages")
    shutil.copytree(STATIC, root / "explorers")
    for lang, folder in EDITIONS.items():
        (root / lang).mkdir()
        for path in sorted(folder.glob("*.ipynb")):
            specs = stored_explorers(path)
            if not specs:
                continue
            mounts = "\n".join(build_site.explorer_html(spec, "", "") for spec in specs)
            html = PAGE.format(lang="en" if lang == "en" else "zh-CN", title=path.stem, mounts=mounts)
            (root / lang / f"{path.stem}.html").write_text(html, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("lang, path", _cases())
def test_explorers_on_a_static_page(pages, browser, lang, path):
    specs = stored_explorers(path)
    page = browser.new_page()
    external, errors = [], []

    def route(r):
        if r.request.url.startswith(pages):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{pages}{lang}/{path.stem}.html", wait_until="load")
        page.wait_for_function(f"() => document.documentElement.dataset.explorersLive === '{len(specs)}'",
                               timeout=15_000)
        roots = page.locator("[data-explorer]")
        assert roots.count() == len(specs)
        for i, spec in enumerate(specs):
            assert roots.nth(i).get_attribute("data-explorer") == spec["explorer"]
            assert_state_is_stored(roots.nth(i), spec)
        if lang == "zh":  # labels come from the Chinese catalogue: some text is Chinese
            text = page.locator("[data-explorer]").first.inner_text()
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text[:200]
        drive_every_explorer(page)
        assert axe_violations(page, include="main") == []
        page.evaluate("() => document.body.classList.add('dark')")
        page.emulate_media(color_scheme="dark")
        assert axe_violations(page, include="main") == [], "dark page"
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(50)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"{path.stem} ({lang}) is {width} px wide at a 375 px viewport"
        assert not external, f"requests to other hosts: {external}"
        assert not errors, f"console errors: {errors}"
    finally:
        page.close()
