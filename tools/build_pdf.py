"""Print the whole course of each edition to a PDF (``make pdf``).

Usage (from the repository root):

    python tools/build_pdf.py [--out build/pdf] [--lang en zh]

Writes ``build/pdf/lossnotes-en.pdf`` and ``build/pdf/lossnotes-zh.pdf``.  No TeX: the notebooks
are staged exactly as for the website (tools/build_site.py), Sphinx's ``singlehtml`` builder puts
each edition on one page, and the headless Debian ``chromium`` the browser tests already use
(driven by Playwright; no browser is downloaded) prints it, with MathJax typesetting the math
(SVG, served from the local copy) and the stored PNG figures embedded.

What is added for print: a title page, a table of contents with page numbers, page numbers in the
footer, each notebook starting on a new page, code wrapped in a monospace font, PDF bookmarks.
The page numbers of the table of contents come from two passes: the page is printed once with
bookmarks (``outline``), each heading's page is read from them with pypdf, the numbers are filled
in (their width is fixed, so nothing moves) and the page is printed again.

The Chinese PDF is set in Noto Sans CJK SC (Debian's ``fonts-noto-cjk``), which chromium embeds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
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
           "font": '"Noto Sans CJK SC", "DejaVu Sans", sans-serif'},
}

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html, body { background: #ffffff !important; color: #000000 !important; }
body { font-family: FONT_STACK !important; font-size: 10.5pt; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-area,
.bd-footer, .bd-footer-article, .bd-footer-content, #pst-back-to-top, .headerlink, .skip-link,
dialog, .search-button-field, .bd-search, #pst-scroll-pixel-helper, .sbt-scroll-pixel-helper,
.lossnotes-untranslated-hidden { display: none !important; }
.bd-container, .bd-container__inner, .bd-page-width, .bd-main, .bd-content, .bd-article-container, .bd-article {
  max-width: none !important; width: 100% !important; padding: 0 !important; margin: 0 !important; }
article.bd-article > section > h1, article.bd-article > section > h1 ~ p { display: none; }
.toctree-wrapper > section > h2, .toctree-wrapper > span + section > h2 { break-before: page; }
h2, h3, h4 { break-after: avoid; }
pre, .highlight pre, .cell_output pre {
  font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace !important; font-size: 8.3pt !important;
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
.ln-toc { break-after: page; }
.ln-toc .ln-toc-title { font-size: 20pt; font-weight: 700; margin-bottom: 6mm; }
.ln-toc ol { list-style: none; padding: 0; margin: 0; }
.ln-toc li { display: flex; align-items: baseline; gap: 2mm; margin: 1.2mm 0; }
.ln-toc li.ln-l2 { font-weight: 700; margin-top: 3mm; }
.ln-toc li.ln-l3 { padding-left: 7mm; font-size: 9.5pt; }
.ln-toc .ln-fill { flex: 1; border-bottom: 1px dotted #888; }
.ln-toc .ln-page { font-variant-numeric: tabular-nums; min-width: 8mm; text-align: right; }
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
    const page = document.createElement('span'); page.className = 'ln-page'; page.textContent = '000';
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


def _normalise(text):
    # Chromium's bookmark titles join a heading's text nodes without spaces ("withthese"): compare
    # without any whitespace.
    return re.sub(r"\s+", "", text or "")


def outline_pages(pdf_path):
    """[(title, 1-based page)] of every bookmark, in document order."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((_normalise(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def match_pages(headings, outline):
    """Each heading's page: walk the bookmarks in order, taking the next one with the same title."""
    pages, j = {}, 0
    for h in headings:
        want = _normalise(h["text"])
        k = j
        while k < len(outline) and not (want and outline[k][0].startswith(want)):
            k += 1
        if k < len(outline):
            pages[h["id"]] = outline[k][1]
            j = k + 1
    return pages


def print_pdf(html, pdf, lang, browser):
    t = TEXT[lang]
    page = browser.new_page()
    origin = html.parent.resolve().as_uri()

    def block_other_hosts(route):
        if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", block_other_hosts)
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=60_000)
    page.evaluate("() => MathJax.startup.promise")
    page.add_style_tag(content=PRINT_CSS.replace("FONT_STACK", t["font"]))
    date = datetime.date.today().isoformat()
    headings = page.evaluate(PREPARE_JS, {"title": t["title"], "subtitle": t["subtitle"], "edition": t["edition"],
                                          "built": t["built"].format(date=date), "contents": t["contents"]})
    page.evaluate("() => document.fonts.ready")
    options = dict(format="A4", print_background=True, display_header_footer=True, header_template="<span></span>",
                   footer_template=FOOTER, margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                   outline=True, tagged=True)
    first = pdf.with_suffix(".pass1.pdf")
    page.pdf(path=str(first), **options)
    pages = match_pages(headings, outline_pages(first))
    missing = [h["text"] for h in headings if h["id"] not in pages]
    if missing:
        print(f"[{lang}] no page found for {len(missing)} headings, e.g. {missing[:3]}", file=sys.stderr)
    page.evaluate("""(pages) => document.querySelectorAll('.ln-toc .ln-page').forEach(
        (el) => { el.textContent = pages[el.dataset.target] ? String(pages[el.dataset.target]) : ''; })""", pages)
    page.pdf(path=str(pdf), **options)
    first.unlink()
    page.close()
    return len(headings), len(pages)


def build_singlehtml(langs):
    static = build_site.mathjax_dir()
    jobs = []
    for lang in langs:
        src = build_site.WORK / f"src-{lang}"
        sources = build_site.stage(lang, src)
        jobs.append((build_site.sphinx_command("singlehtml", src, build_site.sphinx_outdir(lang, "singlehtml"),
                                               build_site.WORK / f"doctrees-singlehtml-{lang}"),
                     build_site.sphinx_env(lang, sources, static), f"singlehtml {lang}"))
    build_site.run_parallel(jobs)
    return {lang: build_site.sphinx_outdir(lang, "singlehtml") / "index.html" for lang in langs}


def build_pdfs(out=OUT, langs=build_site.LANGS):
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("make pdf needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    htmls = build_singlehtml(langs)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for lang in langs:
                pdf = out / f"lossnotes-{lang}.pdf"
                n, found = print_pdf(htmls[lang], pdf, lang, browser)
                results[lang] = pdf
                print(f"{pdf}: {n} table-of-contents entries, {found} with a page number")
        finally:
            browser.close()
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--lang", nargs="+", default=list(build_site.LANGS), choices=build_site.LANGS)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build_pdfs(args.out, args.lang)
    print(f"pdf: {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
