"""Print the whole course of each edition to a PDF (``make pdf``).

Usage (from the repository root):

    python tools/build_pdf.py [--out build/pdf] [--lang en zh]

Writes ``build/pdf/lossnotes-en.pdf`` and ``build/pdf/lossnotes-zh.pdf``.  No TeX: the notebooks
are staged exactly as for the website (tools/build_site.py), Sphinx's ``singlehtml`` builder puts
each edition on one page, and the headless Debian ``chromium`` the browser tests already use
(driven by Playwright; no browser is downloaded) prints it, with MathJax typesetting the math
(SVG, served from the local copy) and the stored PNG figures embedded.

What is added for print: a title page, a table of contents with page numbers, page numbers in the
footer, each notebook starting on a new page, code wrapped in a monospace font; a tagged
(accessible) PDF with bookmarks (``--untagged`` prints about a third faster without them).

Printed once: the whole page is printed with a table of contents whose page-number boxes are
empty but of fixed width; each heading's page is read with pypdf from the PDF's named
destinations (chromium names them by the element ids the contents link to); the numbers are filled in and only the title page and contents are printed
again, everything but the numbers invisible, on a transparent background, and pypdf stamps those
few pages onto the first printing (same layout, so each number lands in its box).  Both editions
are printed at the same time, in two tabs of one chromium, and the Sphinx environment of the
website build is reused for the single-page build (tools/build_site.py).

The Chinese PDF's Chinese text is set in "Lossnotes CJK SC", the CJK subset lossnotes ships
(lossnotes/fonts/, SIL OFL 1.1), which the site serves as TrueType (tools/build_site.py converts the
OTF's CFF outlines once): chromium embeds a TrueType font as a named, subset CID TrueType font
(``pdffonts`` lists ``XXXXXX+LossnotesCJKSC-Regular``), where a CFF font such as the system's Noto
Sans CJK would become unnamed Type 3 glyphs.  Noto Sans CJK SC stays a fallback for any character
the subset lacks.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_site  # noqa: E402

ROOT = build_site.ROOT
OUT = build_site.BUILD / "pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

TEXT = {
    "en": {"title": "lossnotes", "subtitle": "Why machine learning uses the losses it uses",
           "contents": "Contents", "edition": "English edition", "built": "Printed from the stored notebooks on {date}.",
           "font": '"DejaVu Sans", "Liberation Sans", "Noto Sans CJK SC", sans-serif'},
    "zh": {"title": "lossnotes", "subtitle": "机器学习为什么用这些损失函数",
           "contents": "目录", "edition": "中文版", "built": "由笔记本中保存的输出于 {date} 印制。",
           "font": '"DejaVu Sans", "Lossnotes CJK SC", "Noto Sans CJK SC", sans-serif'},
}

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html, body { background: #ffffff !important; color: #000000 !important; }
body { font-family: FONT_STACK !important; font-size: 10.5pt; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area,
.bd-footer, .bd-footer-article, .bd-footer-content, #pst-back-to-top, .headerlink, .skip-link,
dialog, .search-button-field, .bd-search, #pst-scroll-pixel-helper, .sbt-scroll-pixel-helper,
.lossnotes-untranslated-hidden, #jb-print-docs-body { display: none !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article {
  max-width: none !important; width: 100% !important; padding: 0 !important; margin: 0 !important; }
article.bd-article > section > h1, article.bd-article > section > h1 ~ p { display: none; }
/* Each notebook on a new page: the break is on the section (not its h2), so the empty anchor
   before it cannot leave a blank page after the contents. */
.toctree-wrapper > section { break-before: page; }
h2, h3, h4 { break-after: avoid; }
pre, .highlight pre, .cell_output pre {
  font-family: "DejaVu Sans Mono", "Lossnotes CJK SC", "Noto Sans Mono CJK SC", monospace !important; font-size: 8.3pt !important;
  white-space: pre-wrap !important; word-break: break-word; overflow: visible !important; max-height: none !important; }
div.cell_output, div.output, .highlight { overflow: visible !important; max-height: none !important; }
img { max-width: 100% !important; height: auto; break-inside: avoid; background: #ffffff; }
figure { break-inside: avoid; }
mjx-container[display="true"] { overflow: visible !important; }
table { font-size: 9pt; }
a { color: #0b4f8a; text-decoration: none; }
.ln-title-page { height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.ln-title-page .ln-title { font-size: 40pt; font-weight: 700; margin: 0 0 6mm 0; }
.ln-title-page .ln-subtitle { font-size: 20pt; margin: 0 0 14mm 0; }
.ln-title-page .ln-small { font-size: 11pt; color: #333; }
.ln-toc { }
.ln-toc .ln-toc-title { font-size: 20pt; font-weight: 700; margin-bottom: 6mm; }
.ln-toc ol { list-style: none; padding: 0; margin: 0; }
.ln-toc li { display: flex; align-items: baseline; gap: 2mm; margin: 1.2mm 0; }
.ln-toc li.ln-l2 { font-weight: 700; margin-top: 3mm; }
.ln-toc li.ln-l3 { padding-left: 7mm; font-size: 9.5pt; }
.ln-toc .ln-fill { flex: 1; border-bottom: 1px dotted #888; }
.ln-toc .ln-page { font-variant-numeric: tabular-nums; min-width: 9mm; text-align: right; }
"""

# The second, short printing: only the title page and the contents, only the page numbers visible.
STAMP_CSS = """
html, body, body * { background: transparent !important; border-color: transparent !important; }
body * { visibility: hidden !important; }
.ln-toc .ln-page { visibility: visible !important; }
article.bd-article > :not(.ln-title-page):not(.ln-toc) { display: none !important; }
"""

# Builds the title page and the table of contents; returns the ids of the TOC's headings in order.
PREPARE_JS = """
({title, subtitle, edition, built, contents}) => {
  const article = document.querySelector('article.bd-article');
  const headings = Array.from(article.querySelectorAll('.toctree-wrapper h2, .toctree-wrapper h3'));
  headings.forEach((h, i) => { if (!h.id) h.id = 'ln-h-' + i; });
  const tp = document.createElement('div');
  tp.className = 'ln-title-page';
  tp.innerHTML = '<p class="ln-title"></p><p class="ln-subtitle"></p><p class="ln-small ln-edition"></p><p class="ln-small ln-built"></p>';
  tp.querySelector('.ln-title').textContent = title;
  tp.querySelector('.ln-subtitle').textContent = subtitle;
  tp.querySelector('.ln-edition').textContent = edition;
  tp.querySelector('.ln-built').textContent = built;
  const toc = document.createElement('nav');
  toc.className = 'ln-toc';
  toc.setAttribute('aria-label', contents);
  const tt = document.createElement('p'); tt.className = 'ln-toc-title'; tt.textContent = contents; toc.appendChild(tt);
  const ol = document.createElement('ol');
  headings.forEach((h) => {
    const li = document.createElement('li');
    li.className = h.tagName === 'H2' ? 'ln-l2' : 'ln-l3';
    const a = document.createElement('a'); a.href = '#' + h.id;
    const clone = h.cloneNode(true); clone.querySelectorAll('.headerlink').forEach(x => x.remove());
    a.innerHTML = clone.innerHTML;
    const fill = document.createElement('span'); fill.className = 'ln-fill';
    const page = document.createElement('span'); page.className = 'ln-page'; page.textContent = '';
    page.dataset.target = h.id;
    li.append(a, fill, page); ol.appendChild(li);
  });
  toc.appendChild(ol);
  article.prepend(toc);
  article.prepend(tp);
  return headings.map(h => ({id: h.id, text: h.textContent.replace(/#$/, '').replace(/\\s+/g, ' ').trim(), level: h.tagName}));
}
"""

FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#444;font-family:sans-serif;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def destination_pages(pdf_path):
    """{element id: 1-based page} of the PDF's named destinations.

    Chromium writes a named destination for every element id that a link of the page points to
    (the contents' entries link to their headings), named by the id, so a heading's page is read
    directly, without the bookmarks (which chromium writes only into a tagged PDF).
    """
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # chromium's trailer /Size is off by a few
    reader = PdfReader(str(pdf_path))
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


PDF_OPTIONS = dict(format="A4", header_template="<span></span>", footer_template=FOOTER,
                   margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"})


def stamp(first, numbers, pdf):
    """Write ``pdf``: ``first`` with the pages of ``numbers`` (a PDF) merged onto its first pages."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=str(first))
    overlay = PdfReader(str(numbers))
    for i, page in enumerate(overlay.pages):
        writer.pages[i].merge_page(page)
    with open(pdf, "wb") as f:
        writer.write(f)


async def print_pdf(html, pdf, lang, browser, tagged=False):
    t = TEXT[lang]
    page = await browser.new_page()
    origin = html.parent.resolve().as_uri()

    async def block_other_hosts(route):
        if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
            await route.continue_()
        else:
            await route.abort()

    await page.route("**/*", block_other_hosts)
    # The single page holds every notebook (about 4 MB, pictures inline): loading it takes seconds.
    # ?print: the page typesets its math in one go, not in steps between key presses
    # (site/_static/lossnotes-mathjax.js).
    await page.goto(html.resolve().as_uri() + "?print", wait_until="load", timeout=180_000)
    await page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                 timeout=120_000)
    await page.evaluate("() => MathJax.startup.promise")
    await page.add_style_tag(content=PRINT_CSS.replace("FONT_STACK", t["font"]))
    date = datetime.date.today().isoformat()
    headings = await page.evaluate(PREPARE_JS, {"title": t["title"], "subtitle": t["subtitle"],
                                                "edition": t["edition"], "built": t["built"].format(date=date),
                                                "contents": t["contents"]})
    await page.evaluate("() => document.fonts.ready")
    first = pdf.with_suffix(".body.pdf")
    numbers = pdf.with_suffix(".numbers.pdf")
    await page.pdf(path=str(first), print_background=True, display_header_footer=True, outline=tagged,
                   tagged=tagged, **PDF_OPTIONS)
    dests = destination_pages(first)
    pages = {h["id"]: dests[h["id"]] for h in headings if h["id"] in dests}
    missing = [h["text"] for h in headings if h["id"] not in pages]
    if missing:
        print(f"[{lang}] no page found for {len(missing)} headings, e.g. {missing[:3]}", file=sys.stderr)
    await page.evaluate("""(pages) => document.querySelectorAll('.ln-toc .ln-page').forEach(
        (el) => { el.textContent = pages[el.dataset.target] ? String(pages[el.dataset.target]) : ''; })""", pages)
    await page.add_style_tag(content=STAMP_CSS)
    await page.pdf(path=str(numbers), print_background=False, display_header_footer=False, **PDF_OPTIONS)
    await page.close()
    stamp(first, numbers, pdf)
    first.unlink()
    numbers.unlink()
    return len(headings), len(pages)


def build_singlehtml(langs):
    """The single-page build of each edition (reusing the website build's Sphinx environment)."""
    build_site.build_editions(langs, ("singlehtml",))
    return singlehtml_pages(langs)


def singlehtml_pages(langs):
    return {lang: build_site.sphinx_outdir(lang, "singlehtml") / "index.html" for lang in langs}


async def print_all(htmls, out, chromium, tagged=False, counts=None):
    import asyncio

    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            pdfs = {lang: out / f"lossnotes-{lang}.pdf" for lang in htmls}
            numbered = await asyncio.gather(*(print_pdf(htmls[lang], pdfs[lang], lang, browser, tagged)
                                            for lang in htmls))
        finally:
            await browser.close()
    for (lang, pdf), (n, found) in zip(pdfs.items(), numbered):
        print(f"{pdf}: {n} table-of-contents entries, {found} with a page number")
        if counts is not None:
            counts[lang] = (n, found)
    return pdfs


def find_chromium():
    """$CHROMIUM if set, else Debian's chromium (what the tests use), else Google Chrome (GitHub's runners)."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def build_pdfs(out=OUT, langs=build_site.LANGS, htmls=None, tagged=True, counts=None):
    """Print each edition to ``out/lossnotes-<lang>.pdf``; return {lang: path}.

    ``htmls``: the single pages, if already built (``build_site.build_site(builders=...)``);
    ``counts``: a dict to fill with {lang: (table-of-contents entries, entries with a page number)}.
    """
    import asyncio

    chromium = find_chromium()
    if chromium is None:
        sys.exit("make pdf needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    htmls = htmls or build_singlehtml(langs)
    job = print_all(htmls, out, chromium, tagged, counts)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    # Called where an event loop already runs (e.g. beside Playwright's sync API in the tests).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, job).result()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--lang", nargs="+", default=list(build_site.LANGS), choices=build_site.LANGS)
    parser.add_argument("--untagged", action="store_true",
                        help="no tagged (accessible) PDF and no bookmarks: about a third faster to print")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build_pdfs(args.out, args.lang, tagged=not args.untagged)
    site = build_site.BUILD / "site"
    if Path(args.out).resolve() == OUT.resolve() and build_site.link_pdfs(site):
        print(f"pdf: copied into {site / 'pdf'} and linked from the index pages")
    print(f"pdf: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
