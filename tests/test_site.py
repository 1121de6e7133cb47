"""The course website and PDFs (tools/build_site.py, tools/build_pdf.py; issue 12).

Built once per test session into a temporary folder (the staging and Sphinx caches live in
build/site-work/, ignored by git).  The site is served by a stdlib HTTP server on 127.0.0.1 and
opened in Debian's chromium (Playwright, ``executable_path``; no browser is downloaded) with every
request to another host blocked and counted as a failure.

Without chromium, playwright, Sphinx/MyST-NB or poppler-utils these tests skip with a message;
with ``CI=true`` (set by .ci/run) that is a failure.
"""

from __future__ import annotations

import functools
import json
import html.parser
import http.server
import importlib.util
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from browser_explorers import assert_state_is_stored, axe_violations, drive_every_explorer
from conftest import unavailable as _unavailable  # skip locally, fail in CI

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402
import navigation  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.site, pytest.mark.xdist_group("site")]
PAGES = build_site.page_files()
DOCS = [build_site.docname(n) for n in PAGES]
LANGS = build_site.LANGS
_BUILT_AT = 0.0  # when the session's site build started (the site fixture)


def _require(*modules):
    for module in modules:
        if importlib.util.find_spec(module) is None:
            _unavailable(f"{module} is not installed: pip install -e '.[site]'")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    _require("sphinx", "myst_nb", "sphinx_book_theme", "jieba")
    if shutil.which("npm") is None and not (build_site.NPM_PREFIX / "node_modules" / "mathjax").exists():
        _unavailable("npm is needed once to fetch MathJax (the npm package mathjax)")
    # The single page the PDFs are printed from is built in the same Sphinx run (one environment).
    global _BUILT_AT
    _BUILT_AT = time.time()
    return build_site.build_site(tmp_path_factory.mktemp("site") / "site", builders=("html", "singlehtml"))


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _url(server, lang, doc):
    return f"{server}{'' if lang == 'en' else lang + '/'}{doc}.html"


class _Page:
    """A chromium tab that blocks and records every request to another host, and every error."""

    def __init__(self, browser, server):
        self.page = browser.new_page()
        self.external, self.failed, self.errors = [], [], []

        def route(r):
            if r.request.url.startswith(server) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, url):
        self.page.goto(url, wait_until="load")
        # Sphinx loads MathJax only on pages with math (not the glossary): wait for it where it is.
        if self.page.locator("script[src*='mathjax']").count():
            self.page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                        timeout=30_000)
            self.page.evaluate("() => MathJax.startup.promise")

    def assert_clean(self):
        assert not self.external, f"requests to other hosts: {self.external}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("doc", DOCS)
def test_page_in_browser(site, server, browser, doc, lang):
    tab = _Page(browser, server)
    page = tab.page
    try:
        tab.goto(_url(server, lang, doc))
        # Math: every TeX span Sphinx wrote is typeset by the local MathJax, without errors.
        tex = page.locator("span.math, div.math").count()
        typeset = page.locator("mjx-container").count()
        assert typeset >= tex, f"{tex} math elements but {typeset} typeset"
        assert page.locator("mjx-merror").count() == 0
        if doc.startswith(("01", "02", "03")):
            assert typeset > 10
        # Every image decoded, with alt text; figures on an opaque white background.
        images = page.evaluate("""() => Array.from(document.images).map(i => ({src: i.currentSrc,
            ok: i.complete && i.naturalWidth > 0, alt: i.getAttribute('alt'),
            bg: getComputedStyle(i).backgroundColor, output: !!i.closest('.cell_output')}))""")
        assert all(i["ok"] for i in images), [i["src"] for i in images if not i["ok"]]
        assert all((i["alt"] or "").strip() for i in images), [i["src"] for i in images if not (i["alt"] or "").strip()]
        outputs = [i for i in images if i["output"]]
        assert all(i["bg"] == "rgb(255, 255, 255)" for i in outputs)
        stored = _stored_images(lang, doc)
        assert len(outputs) >= stored, f"{stored} stored figures, {len(outputs)} shown"
        # Headings in order: one h1, no level skipped going down.
        levels = page.evaluate("() => Array.from(document.querySelectorAll('article h1, article h2, article h3, "
                               "article h4, article h5, article h6')).map(h => +h.tagName[1])")
        assert levels and levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        # The Chinese edition's text is set in the font the site serves (loaded from the site, accepted
        # by chromium's font sanitiser); the English edition fetches no font of its own.
        faces = page.evaluate("""() => document.fonts.ready.then(() => Array.from(document.fonts)
            .filter(f => f.family.replace(/"/g, '') === 'Lossnotes CJK SC').map(f => f.status))""")
        if lang == "zh":
            assert faces and all(status == "loaded" for status in faces), faces
            used = page.evaluate("() => getComputedStyle(document.querySelector('article p')).fontFamily")
            assert "Lossnotes CJK SC" in used, used
        else:
            assert faces == [], faces
        # The theme's icons are drawn by its Font Awesome web font (loaded from the site), with no
        # fontawesome.js (site/_templates/layout.html), which would have replaced them by SVG.
        icons = page.evaluate("""() => document.fonts.ready.then(() => {
            const icon = document.querySelector('button i.fa-magnifying-glass');
            return {scripts: Array.from(document.scripts).map(s => s.src).filter(s => s.includes('fontawesome')),
                    width: icon ? icon.getBoundingClientRect().width : 0,
                    glyph: icon ? getComputedStyle(icon, '::before').fontFamily : '',
                    faces: Array.from(document.fonts).filter(f => f.family.includes('Font Awesome 7 Free')
                                                           && f.weight === '900').map(f => f.status)}; })""")
        assert icons["scripts"] == [] and icons["width"] > 0, icons
        assert "Font Awesome" in icons["glyph"] and icons["faces"] == ["loaded"], icons
        # Previous / next links (every page but the first has a previous one).
        if doc != "index":
            assert page.locator("a.left-prev").count() == 1
        if doc != DOCS[-1]:
            assert page.locator("a.right-next").count() == 1
        # Launch buttons: the notebook this page was built from, on Binder and Colab.
        if doc + ".ipynb" in PAGES:
            src, _ = build_site.source_of(doc + ".ipynb", lang)
            path = src.relative_to(ROOT).as_posix()
            hrefs = page.evaluate("() => Array.from(document.querySelectorAll('.dropdown-launch-buttons a'))"
                                  ".map(a => a.getAttribute('href'))")
            assert navigation.binder_lab_url(path) in hrefs and navigation.colab_url(path) in hrefs, hrefs
            # The download link serves the repository's notebook, byte for byte.
            href = page.evaluate("() => Array.from(document.querySelectorAll('.dropdown-download-buttons a'))"
                                 ".map(a => a.href).find(h => h.endsWith('.ipynb'))")
            assert href, "no .ipynb download link"
            got = page.request.get(href).body()
            if src.stat().st_mtime < _BUILT_AT:
                assert got == src.read_bytes()
            else:  # edited by someone while the tests ran (a shared work tree): still the notebook
                assert nbformat.reads(got.decode("utf-8"), as_version=4).cells
        # Live explorers: every stored browser explorer is mounted from the static folder alone (other
        # hosts are blocked), starting from the notebook's state; each is driven by keyboard and
        # shows readouts(state) after every step.
        stored = _stored_explorers(lang, doc)
        if stored:
            page.wait_for_function(f"() => document.documentElement.dataset.explorersLive === '{stored}'", timeout=10_000)
            mounts = page.locator(".lossnotes-live")
            assert mounts.count() == stored
            for i in range(stored):
                spec = json.loads(mounts.nth(i).locator("script[type='application/json']").text_content())
                assert_state_is_stored(mounts.nth(i).locator("[data-explorer]"), spec)
            drive_every_explorer(page, scope=".lossnotes-live")
        # WCAG 2.1 A/AA (axe-core), in light and in dark mode.
        assert axe_violations(page) == []
        page.emulate_media(color_scheme="dark")
        page.evaluate("() => document.documentElement.dataset.theme = 'dark'")
        page.wait_for_timeout(600)  # the theme's colour transitions (0.25 s) must end before contrast is measured
        assert axe_violations(page) == [], "dark mode"
        page.emulate_media(color_scheme="light")
        # A phone: nothing scrolls sideways at 375 px.
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_timeout(100)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 375, f"{doc} ({lang}) is {width} px wide at a 375 px viewport"
        page.set_viewport_size({"width": 1280, "height": 720})
        tab.assert_clean()
        # The language switch leads to the same notebook in the other edition.
        page.click("a.lossnotes-lang-switch")
        page.wait_for_load_state("load")
        other = "zh" if lang == "en" else "en"
        assert page.url == _url(server, other, doc)
        assert page.locator("html").get_attribute("lang").startswith("zh" if other == "zh" else "en")
        tab.assert_clean()
    finally:
        page.close()


def _stored_explorers(lang, doc):
    """How many browser explorers the page's notebook stored (its outputs with explorer+json)."""
    if doc + ".ipynb" not in PAGES:
        return 0
    src, _ = build_site.source_of(doc + ".ipynb", lang)
    nb = nbformat.read(src, as_version=4)
    return sum(build_site.EXPLORER_MIME in out.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for out in c.get("outputs", []))


def _stored_images(lang, doc):
    name = doc + ".ipynb"
    if name not in PAGES:
        return 0
    src, _ = build_site.source_of(name, lang)
    nb = nbformat.read(src, as_version=4)
    return sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_served_cjk_font(site):
    """The Chinese edition serves the CJK subset as TrueType (quadratic glyf outlines, the shipped
    family name, every character of 交叉熵), with its licence beside it; the English edition does not."""
    from fontTools.ttLib import TTFont

    fonts = build_site.edition_outdir(site, "zh") / "_static" / "fonts"
    ttf = fonts / "LossnotesCJKSC-Regular.ttf"
    assert (fonts / "OFL.txt").read_bytes() == (build_site.CJK_OTF.parent / "OFL.txt").read_bytes()
    font = TTFont(str(ttf))
    assert font.sfntVersion == "\x00\x01\x00\x00" and "glyf" in font and "CFF " not in font
    assert font["name"].getDebugName(1) == build_site.CJK_FAMILY
    shipped = TTFont(str(build_site.CJK_OTF))
    # The same glyphs in the same order (the TTF stores no glyph names: compare by glyph id).
    assert len(font.getGlyphOrder()) == len(shipped.getGlyphOrder())

    def by_id(f):
        return {cp: f.getGlyphID(name) for cp, name in f.getBestCmap().items()}

    assert by_id(font) == by_id(shipped)
    assert all(ord(ch) in font.getBestCmap() for ch in "交叉熵，。")
    # Same advance widths; outlines within the conversion's tolerance (bounding boxes, font units).
    widths = [[f["hmtx"][name] for name in f.getGlyphOrder()] for f in (font, shipped)]
    assert widths[0] == widths[1]
    from fontTools.pens.boundsPen import BoundsPen

    boxes = []
    for f in (font, shipped):
        pen = BoundsPen(f.getGlyphSet())
        f.getGlyphSet()[f.getBestCmap()[ord("熵")]].draw(pen)
        boxes.append(pen.bounds)
    assert boxes[0] and all(abs(a - b) <= 2 for a, b in zip(*boxes)), boxes
    face = (fonts / "lossnotes-cjk.css").read_text(encoding="utf-8")
    assert f'font-family: "{build_site.CJK_FAMILY}"' in face and 'url("LossnotesCJKSC-Regular.ttf")' in face
    assert not (site / "_static" / "fonts").exists()


def test_nothing_from_another_host(site):
    """No page, script or stylesheet of the site names another host as a resource."""
    offenders = []
    for f in site.rglob("*"):
        if f.suffix not in {".html", ".css"}:
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r"""(?:src|href)\s*=\s*["'](https?:)?//([^"'/]+)[^"']*["']|url\(\s*["']?(https?:)?//""", text):
            tag_start = text.rfind("<", 0, m.start())
            tag = text[tag_start:m.end()]
            if tag.startswith("<a ") or tag.startswith("<a\n"):
                continue  # a link the reader may follow, not a resource the page loads
            offenders.append(f"{f.relative_to(site)}: {m.group(0)[:120]}")
    assert not offenders, offenders[:20]


@pytest.mark.parametrize("lang,term,expected", [("en", "cross-entropy", "03_cross_entropy"), ("zh", "交叉熵", None)])
def test_search(site, server, browser, lang, term, expected):
    if expected is None:  # the Chinese notebook 03 if translated, else the bilingual glossary
        expected = "03_cross_entropy" if (build_site.NOTEBOOKS / "zh" / "03_cross_entropy.ipynb").exists() else "glossary"
    tab = _Page(browser, server)
    try:
        tab.page.goto(f"{server}{'' if lang == 'en' else lang + '/'}search.html?q={term}", wait_until="load")
        tab.page.wait_for_selector("#search-results ul.search li a", timeout=30_000)
        hrefs = tab.page.evaluate("() => Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                                  ".map(a => a.getAttribute('href'))")
        assert any(h.split("#")[0].split("?")[0].endswith(f"{expected}.html") for h in hrefs), hrefs
        tab.assert_clean()
    finally:
        tab.page.close()


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (tag == "link" and attrs.get("rel") in ("canonical",)):
                self.links.append(attrs[key])


def test_link_check(site, capsys):
    """Internal links resolve (file and #anchor); external links are listed, never fetched."""
    parsed = {}
    for f in site.rglob("*.html"):
        p = _Links()
        p.feed(f.read_text(encoding="utf-8"))
        parsed[f.resolve()] = p
    broken, external = [], set()
    for f, p in parsed.items():
        for link in p.links:
            u = urlparse(link)
            if u.scheme in ("http", "https"):
                external.add(link)
                continue
            if u.scheme in ("mailto", "data", "javascript") or link.startswith("#") and not u.fragment:
                continue
            target = f if not u.path else (f.parent / unquote(u.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{f.relative_to(site)} -> {link}")
            elif u.fragment and target.suffix == ".html" and target in parsed and unquote(u.fragment) not in parsed[target].ids:
                broken.append(f"{f.relative_to(site)} -> {link} (no such anchor)")
    with capsys.disabled():
        print(f"\nsite link check: {len(external)} external links (not fetched), e.g.:")
        for link in sorted(external)[:8]:
            print("  ", link)
    assert not broken, broken[:30]


# --- PDF ------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pdfs(site, tmp_path_factory):
    for tool in ("pdfinfo", "pdfimages", "pdffonts", "pdftotext"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} is missing (apt-get install poppler-utils)")
    _require("playwright", "pypdf")
    if shutil.which("chromium") is None:
        _unavailable("Debian's chromium is not installed")
    import build_pdf

    counts = {}
    pdfs = build_pdf.build_pdfs(tmp_path_factory.mktemp("pdf"), htmls=build_pdf.singlehtml_pages(LANGS), counts=counts)
    return {lang: (pdf, counts[lang]) for lang, pdf in pdfs.items()}


def _run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("lang", LANGS)
def test_pdf(pdfs, lang):
    pdf, (entries, numbered) = pdfs[lang]
    # Every entry of the table of contents found its heading's page.
    assert entries > len(PAGES) and numbered == entries, (entries, numbered)
    assert pdf.name == f"lossnotes-{lang}.pdf"
    pages = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))
    # A title page, the contents, then every notebook starting on a new page.
    assert pages >= 2 + len(PAGES), pages
    # Every stored figure is in it.
    stored = sum(_stored_images(lang, d) for d in DOCS)
    listed = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(listed) >= stored, (len(listed), stored)
    # Title page, and a table of contents whose entries carry page numbers in range.
    first = _run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    assert "lossnotes" in first
    # The contents run from page 2 to the page before the first notebook (its first entry's number);
    # each entry ends in its page number (the footer "k / n" left out).
    def numbers_on(last):
        text = _run("pdftotext", "-f", "2", "-l", str(last), "-layout", str(pdf), "-")
        lines = [line for line in text.splitlines() if not re.fullmatch(r"\s*\d+ / \d+\s*", line)]
        return [int(m.group(1)) for line in lines if (m := re.search(r"\s(\d+)\s*$", line))]

    first_chapter = numbers_on(2)[0]
    numbers = numbers_on(first_chapter - 1)
    assert len(numbers) == entries, (len(numbers), entries, numbers)
    assert numbers == sorted(numbers) and numbers[0] == first_chapter and numbers[-1] <= pages, numbers
    # Fonts: everything embedded; the Chinese edition embeds a CJK font.
    fonts = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts
    # The served CJK font, converted to TrueType by the build, is embedded as a named subset
    # ("XXXXXX+LossnotesCJKSC-Regular", CID TrueType) in the Chinese PDF, and only there.
    cjk = [line for line in fonts if re.match(r"[A-Z]{6}\+LossnotesCJKSC-Regular\s", line)]
    if lang == "zh":
        assert cjk and all("CID TrueType" in line and " yes " in line for line in cjk), fonts
        # no missing glyphs: the Chinese text comes back out of the PDF (ToUnicode)
        assert "交叉熵" in _run("pdftotext", str(pdf), "-")
    else:
        assert not cjk, cjk


def test_pdfs_linked_from_index(site, pdfs):
    """`make pdf` copies the PDFs into the site and links them from both index pages."""
    pdf_dir = next(iter(pdfs.values()))[0].parent
    copies = build_site.link_pdfs(site, pdf_dir)
    assert sorted(c.name for c in map(Path, copies)) == sorted(f"lossnotes-{lang}.pdf" for lang in LANGS)
    for lang in LANGS:
        index = build_site.edition_outdir(site, lang) / "index.html"
        p = _Links()
        p.feed(index.read_text(encoding="utf-8"))
        targets = [(index.parent / link).resolve() for link in p.links if link.endswith(".pdf")]
        assert len(targets) == len(LANGS), p.links
        assert all(t.read_bytes()[:5] == b"%PDF-" for t in targets)
