"""Build the course website of both editions from the stored notebooks (``make site``).

Usage (from the repository root):

    python tools/build_site.py [--out build/site] [--lang en zh]

Writes ``build/site/index.html`` (the English edition at the root) and ``build/site/zh/`` (the
Chinese edition), with Sphinx + MyST-NB + sphinx-book-theme (site/conf.py).  Nothing is executed:
the pages show the outputs stored in the notebooks.  Nothing is loaded from another host: MathJax
is served from the site (the npm package ``mathjax``, installed into ``build/npm`` on first use),
the theme's assets are local, and the notebooks' generated navigation cells (whose badges are
images on other hosts) are replaced by the theme's own navigation, launch buttons and language
switch.
The Chinese edition serves its own Chinese font (``_static/fonts/``: the CJK subset of
``lossnotes/fonts/`` converted to TrueType at build time and cached in ``build/fonts/``, with its
OFL.txt), so its pages need no Chinese font on the reader's system and its PDF embeds a named font.

What the build does to each notebook (a staged copy in ``build/site-work/src-<lang>``; the
repository's notebooks are never modified):

* removes the generated cells (``lossnotes.generated``: nav-header, nav-footer, colab-install):
  the site has its own previous/next links, Binder and Colab buttons, and nothing to install;
* gives every stored picture alt text (cell metadata ``mystnb.image.alt``): an explorer's picture
  gets its caption (translated for the edition) and its text summary, and the caption is shown
  under the picture; other figures get "Figure k: <section heading>";
* in the Chinese edition, a notebook not translated yet (no ``notebooks/zh/NAME``) is shown from
  the English notebook with a notice at the top, so every page exists in both editions.

The ``.ipynb`` download link of each page (the theme's download button, ``_sources/NAME.ipynb``)
serves the repository's notebook byte for byte, not the staged copy.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import navigation  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
WORK = BUILD / "site-work"
SITE_CONF = ROOT / "site"
MATHJAX_VERSION = "3.2.2"
MATHJAX_FILE = "tex-svg-full.js"  # one file: TeX input with every extension, SVG output (no web fonts)
NPM_PREFIX = BUILD / "npm"
LANGS = ("en", "zh")
GLOSSARY = "glossary.md"
GENERATED = {"nav-header", "nav-footer", "colab-install"}
EXPLORER_RE = re.compile(r"^([A-Z]\w*Explorer)\(")

TEXT = {
    "en": {
        "intro": "Interactive notebooks on why machine learning uses the losses it uses: information, "
                 "entropy, cross-entropy, KL and JS divergence, and the losses built on them.",
        "course": "Course", "more": "App and glossary", "other": "中文版",
        "figure": "Figure {k}: {heading}", "untranslated": "",
        "read": "Read it here, or open any notebook live on Binder or Colab with the buttons at the top "
                "of its page (the rocket icon). The download button gives the notebook file.",
        "pdf": "The whole course as a PDF, for printing:",
    },
    "zh": {
        "intro": "一组交互式笔记本，讲机器学习为什么用这些损失函数：信息量、熵、交叉熵、KL 与 JS 散度，"
                 "以及建立在它们之上的损失函数。",
        "course": "课程", "more": "应用与术语表", "other": "English",
        "figure": "图 {k}：{heading}",
        "untranslated": "本章尚未译成中文，下面是英文原文。",
        "read": "可以在这里阅读，也可以用每页顶部的按钮（火箭图标）在 Binder 或 Colab 上运行笔记本；"
                "下载按钮提供笔记本文件。",
        "pdf": "整个课程的 PDF 版（便于打印）：",
    },
}


# --- What the site contains ---------------------------------------------------------------------
def page_files():
    """The pages of each edition, in reading order: NN_*.ipynb, the app notebook, the glossary."""
    names = navigation.sequence(NOTEBOOKS)
    if (NOTEBOOKS / navigation.APP).exists():
        names.append(navigation.APP)
    if (NOTEBOOKS / GLOSSARY).exists():
        names.append(GLOSSARY)
    return names


def source_of(name, lang):
    """(path of the file an edition's page is built from, True if it is the English fallback)."""
    if lang == "zh":
        zh = NOTEBOOKS / navigation.ZH_DIR / name
        if zh.exists():
            return zh, False
        return NOTEBOOKS / name, True
    return NOTEBOOKS / name, False


def docname(name):
    return Path(name).stem


# --- Alt text and captions ----------------------------------------------------------------------
def _explorer_caption(class_name, cell_source, lang):
    """The caption an explorer showed: a literal ``caption=`` in the cell, else the class's own."""
    caption = None
    try:
        tree = ast.parse(cell_source)
    except SyntaxError:
        tree = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "caption" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        caption = kw.value.value
    if caption is None:
        import lossnotes.widgets as widgets_pkg

        cls = getattr(widgets_pkg, class_name, None)
        if cls is None:
            import importlib
            import pkgutil

            for mod in pkgutil.iter_modules(widgets_pkg.__path__):
                module = importlib.import_module(f"lossnotes.widgets.{mod.name}")
                cls = getattr(module, class_name, None)
                if cls is not None:
                    break
        # A browser explorer's class caption is `default_caption` (`caption` is its synced trait).
        caption = getattr(cls, "default_caption", None) or getattr(cls, "caption", "") or ""
        caption = caption if isinstance(caption, str) else ""
    if not caption:
        return ""
    from lossnotes import i18n

    previous = i18n.get_language()
    try:
        i18n.set_language(lang)
        return i18n._(caption)
    finally:
        i18n.set_language(previous)


def _clean_heading(line):
    text = line.lstrip("#").strip()
    text = re.sub(r"\$([^$]*)\$", r"\1", text)           # inline math: keep its TeX
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep their text
    return re.sub(r"[*_`]", "", text).strip()


def add_alt_text(nb, lang):
    """Give each code cell with a stored picture alt text (and an explorer's caption); return count."""
    heading = ""
    k = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"^#{1,6} ", line):
                    heading = _clean_heading(line)
            continue
        if cell.cell_type != "code":
            continue
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not images:
            continue
        k += 1
        meta = cell.metadata.setdefault("mystnb", {})
        if "alt" in meta.get("image", {}):
            continue
        summary = images[-1]["data"].get("text/plain", "")
        summary = "".join(summary) if isinstance(summary, list) else summary
        match = EXPLORER_RE.match(summary)
        if match:
            caption = _explorer_caption(match.group(1), cell.source, lang)
            readouts = "; ".join(line.strip() for line in summary.splitlines())
            alt = f"{caption} ({readouts})" if caption else readouts
            meta.setdefault("image", {})["alt"] = alt
            if caption:
                meta.setdefault("figure", {})["caption"] = caption
        else:
            meta.setdefault("image", {})["alt"] = TEXT[lang]["figure"].format(k=k, heading=heading or "lossnotes")
    return k


# --- Live explorers -----------------------------------------------------------------------------
# A browser explorer's stored output carries application/vnd.lossnotes.explorer+json (its module,
# state, title and caption: lossnotes/widgets/_browser.py).  On the site that output becomes a
# mount point for the very same ES module, started by _static/explorers/site.js with no kernel,
# from the notebook's state; the stored PNG stays inside it as the picture shown before the module
# runs, without JavaScript, and in print (the PDF keeps the static pictures: site/_static/lossnotes.css).
EXPLORER_MIME = "application/vnd.lossnotes.explorer+json"
EXPLORER_STATIC = ROOT / "lossnotes" / "widgets" / "static"


def explorer_html(spec, png, alt):
    """The HTML of a live explorer's mount point (``spec``: the stored explorer+json data)."""
    import html as html_lib

    data = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    caption = spec.get("caption") or ""
    figure = ""
    if png:
        figcaption = f"<figcaption>{html_lib.escape(caption)}</figcaption>" if caption else ""
        figure = (f'<figure class="lossnotes-static"><img src="data:image/png;base64,{png}" '
                  f'alt="{html_lib.escape(alt, quote=True)}">{figcaption}</figure>')
    return (f'<div class="lossnotes-live" data-module="{html_lib.escape(spec["module"], quote=True)}" '
            f'data-explorer-name="{html_lib.escape(spec["explorer"], quote=True)}">'
            f'<script type="application/json">{data}</script>{figure}'
            f'<div class="lossnotes-live-view"></div></div>')


def live_explorers(nb):
    """Turn every browser explorer's stored output into a live mount point; returns how many."""
    k = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        mounted = k
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            spec = data.get(EXPLORER_MIME)
            if spec is None:
                continue
            png = data.get("image/png", "")
            png = "".join(png) if isinstance(png, list) else png
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            out["data"] = {"text/html": explorer_html(spec, png.replace("\n", ""), alt),
                           "text/plain": data.get("text/plain", "")}
            out["metadata"] = {}
            k += 1
        if k > mounted:  # this cell's caption is inside its mount point
            cell.metadata.get("mystnb", {}).pop("figure", None)
    return k


def explorers_static(static):
    """Copy the explorers' bundles and exported catalogues into ``static``/explorers/."""
    target = static / "explorers"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(EXPLORER_STATIC, target)
    return target


# --- Staging ------------------------------------------------------------------------------------
def _write_if_changed(path, text):
    """Write ``text`` unless the file already holds it (so Sphinx rebuilds only changed pages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def stage_notebook(src, lang, fallback, names=()):
    nb = nbformat.read(src, as_version=4)
    nb.cells = [c for c in nb.cells if navigation.generated_kind(c) not in GENERATED]
    if lang == "zh" and not fallback:
        # notebooks/zh/ links to the shared glossary as ../glossary.md: on the site it is a zh page.
        pattern = re.compile(r"\]\(\.\./(" + "|".join(re.escape(n) for n in names) + r")([#)])")
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = pattern.sub(r"](\1\2", cell.source)
    if fallback and TEXT[lang]["untranslated"]:
        notice = nbformat.v4.new_markdown_cell(
            f'<div class="lossnotes-untranslated" lang="zh-CN">{TEXT[lang]["untranslated"]}</div>')
        notice.id = "lossnotes-untranslated"
        first_md = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1)
        nb.cells.insert(first_md + 1, notice)
    add_alt_text(nb, lang)
    live_explorers(nb)
    # Stored widget state cannot render without a kernel (and the views are stripped anyway).
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb)


def index_page(lang, names):
    t = TEXT[lang]
    course = [docname(n) for n in names if navigation.SEQUENCE_RE.match(n)]
    more = [docname(n) for n in names if not navigation.SEQUENCE_RE.match(n)]
    title = "lossnotes"
    lines = [f"# {title}", "", t["intro"], "", t["read"], "", PDF_SLOT, ""]
    lines += ["```{toctree}", ":maxdepth: 1", f":caption: {t['course']}", "", *course, "```", ""]
    if more:
        lines += ["```{toctree}", ":maxdepth: 1", f":caption: {t['more']}", "", *more, "```", ""]
    return "\n".join(lines)


def stage(lang, dest):
    """Write an edition's Sphinx sources into ``dest``; return {docname: repository source path}."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    names = page_files()
    sources = {}
    for name in names:
        src, fallback = source_of(name, lang)
        if name.endswith(".ipynb"):
            text = stage_notebook(src, lang, fallback, names)
        else:
            text = src.read_text(encoding="utf-8")
        _write_if_changed(dest / name, text)
        sources[docname(name)] = src
    _write_if_changed(dest / "index.md", index_page(lang, names))
    keep = set(names) | {"index.md"}
    for stale in dest.iterdir():
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    return sources


# --- Chinese search: the course's terms as words -------------------------------------------------
CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def jieba_terms(glossary=NOTEBOOKS / GLOSSARY):
    """The Chinese terms of the glossary (its 中文 column), one a line: a jieba user dictionary.

    jieba alone cuts 交叉熵 into 交叉 + 熵, and Sphinx's search looks a query up as one word, so a
    search for 交叉熵 found nothing; with the course's terms in the dictionary the index has them
    (and, in search mode, their parts).
    """
    terms = []
    if glossary.exists():
        for line in glossary.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 2 and line.startswith("|") and not set(cells[1]) <= set("-: "):
                terms += [t for t in CJK_RUN.findall(cells[1]) if t not in terms]
    return terms


def jieba_dict():
    path = WORK / "jieba-terms.txt"
    _write_if_changed(path, "".join(f"{t}\n" for t in jieba_terms()))
    return path


# --- The PDFs, linked from the index pages when they exist ---------------------------------------
# The index page carries an empty slot; link_pdfs() copies build/pdf/*.pdf into the site's pdf/
# folder and fills the slot of both editions (``make site`` if the PDFs exist, and ``make pdf``).
PDF_SLOT = '<div class="lossnotes-pdf"></div>'
PDF_LABELS = {"en": "English", "zh": "中文版"}


def link_pdfs(site, pdf_dir=BUILD / "pdf", langs=LANGS):
    """Copy the PDFs into ``site/pdf/`` and link them from each edition's index page; return the copies."""
    site, pdf_dir = Path(site), Path(pdf_dir)
    pdfs = [(lang, pdf_dir / f"lossnotes-{lang}.pdf") for lang in LANGS]
    pdfs = [(lang, pdf) for lang, pdf in pdfs if pdf.exists()]
    if not pdfs or not (site / "index.html").exists():
        return []
    (site / "pdf").mkdir(exist_ok=True)
    copies = [shutil.copy2(pdf, site / "pdf" / pdf.name) for _, pdf in pdfs]
    for lang in langs:
        index = edition_outdir(site, lang) / "index.html"
        if not index.exists():
            continue
        up = "" if lang == "en" else "../"
        links = " · ".join(f'<a class="reference external" href="{up}pdf/{pdf.name}" type="application/pdf">'
                           f'PDF ({PDF_LABELS[other]})</a>' for other, pdf in pdfs)
        html = re.sub(r'<div class="lossnotes-pdf">.*?</div>',
                      f'<div class="lossnotes-pdf"><p>{TEXT[lang]["pdf"]} {links}</p></div>',
                      index.read_text(encoding="utf-8"), count=1, flags=re.S)
        index.write_text(html, encoding="utf-8")
    return copies


# --- MathJax, from the npm registry, served by the site -----------------------------------------
def mathjax_dir():
    """A folder holding ``mathjax/tex-svg-full.js`` for html_static_path (installs it if missing)."""
    es5 = NPM_PREFIX / "node_modules" / "mathjax" / "es5"
    if not (es5 / MATHJAX_FILE).exists():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed once to install MathJax (the npm package `mathjax`) into build/npm")
        NPM_PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(NPM_PREFIX), "--no-save", "--no-audit", "--no-fund",
                        "--loglevel=error", f"mathjax@{MATHJAX_VERSION}"], check=True)
    static = WORK / "static-extra"
    (static / "mathjax").mkdir(parents=True, exist_ok=True)
    target = static / "mathjax" / MATHJAX_FILE
    if not target.exists() or target.stat().st_size != (es5 / MATHJAX_FILE).stat().st_size:
        shutil.copy2(es5 / MATHJAX_FILE, target)
    shutil.copy2(NPM_PREFIX / "node_modules" / "mathjax" / "LICENSE", static / "mathjax" / "LICENSE")
    return static


# --- The Chinese edition's font: the shipped CJK subset, as TrueType, served by the site --------
# lossnotes/fonts/LossnotesCJKSC-Regular.otf has CFF (cubic) outlines.  Chromium's PDF backend
# (Skia) embeds only TrueType (glyf) outlines as a named font; a CFF font is printed as unnamed
# Type 3 glyph programs.  So the build converts it once to quadratic glyf outlines (fontTools' cu2qu,
# the recipe of fontTools' Snippets/otf2ttf.py), caches the result in build/fonts/ keyed by the
# OTF's SHA-256, and serves it (with its licence, OFL.txt) from the Chinese edition's _static/fonts/,
# declared by fonts/lossnotes-cjk.css (@font-face, written here) and used by site/_static_zh/lossnotes-zh.css.  A WOFF2 is written beside it when brotli is installed.
CJK_OTF = ROOT / "lossnotes" / "fonts" / "LossnotesCJKSC-Regular.otf"
CJK_FAMILY = "Lossnotes CJK SC"
FONT_CACHE = BUILD / "fonts"


def otf_to_ttf(otf, ttf, max_err=1.0):
    """Write ``ttf``: the OpenType-CFF font ``otf`` with quadratic TrueType outlines.

    ``max_err`` is the largest distance (font units; the font has 1000 per em) between a cubic
    curve and its quadratic approximation.  Cubic CFF contours run counter-clockwise and TrueType
    ones clockwise, so each contour is reversed.  The CFF-only VORG table is dropped (a TrueType
    font's vertical origins come from its glyph boxes and vmtx); 'post' format 3 stores no glyph
    names (the CID font's names are just cidNNNNN).
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(otf))
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise ValueError(f"otf: {otf} has no CFF outlines to convert")
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames, post.mapping = [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    ttf = Path(ttf)
    ttf.parent.mkdir(parents=True, exist_ok=True)
    tmp = ttf.with_suffix(".tmp")
    font.save(str(tmp))  # recalculates maxp's counts, loca and the bounding boxes
    ttf.with_suffix(".woff2").unlink(missing_ok=True)  # never serve a WOFF2 of an older OTF
    if importlib.util.find_spec("brotli") is not None:
        font = TTFont(str(tmp))
        font.flavor = "woff2"
        font.save(str(ttf.with_suffix(".woff2")))
    os.replace(tmp, ttf)
    return ttf


def cjk_font(otf=CJK_OTF, cache=FONT_CACHE):
    """The TrueType version of ``otf`` in ``cache`` (converted only when the OTF changed); its path.

    The cache is keyed by the OTF's SHA-256 (``<name>.sha256`` beside the TTF), so a rebuild, a
    fresh checkout with new mtimes, or a touched file costs one hash of the OTF, not a conversion.
    """
    import hashlib

    otf, cache = Path(otf), Path(cache)
    ttf = cache / (otf.stem + ".ttf")
    stamp = cache / (otf.stem + ".sha256")
    digest = hashlib.sha256(otf.read_bytes()).hexdigest()
    if ttf.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        return ttf
    start = time.perf_counter()
    otf_to_ttf(otf, ttf)
    stamp.write_text(digest + "\n")
    print(f"font: {otf.name} -> {ttf} ({ttf.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    return ttf


# unicode-range: the font is fetched only for CJK text, and Latin text keeps the theme's font.
# font-weight 100-900: the one Regular face serves every weight, so chromium does not synthesise
# bold for the Chinese headings.
FONT_FACE = """/* Written by tools/build_site.py: the served CJK font (SIL Open Font License 1.1, OFL.txt). */
@font-face {{
  font-family: "{family}";
  src: {src};
  font-style: normal;
  font-weight: 100 900;
  font-display: swap;
  unicode-range: U+2E80-2FDF, U+3000-303F, U+3100-312F, U+31A0-31EF, U+3200-32FF, U+3400-4DBF,
                 U+4E00-9FFF, U+F900-FAFF, U+FE30-FE4F, U+FF00-FFEF, U+20000-2FA1F;
}}
"""


def font_static_dir():
    """A folder for the Chinese edition's html_static_path: ``fonts/`` with the TTF (WOFF2) and OFL.txt."""
    ttf = cjk_font()
    fonts = WORK / "static-zh" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    wanted = {ttf.name, "OFL.txt"}
    woff2 = ttf.with_suffix(".woff2")
    if woff2.exists():
        wanted.add(woff2.name)
    for src in (ttf, woff2, CJK_OTF.parent / "OFL.txt"):
        target = fonts / src.name
        if src.name in wanted and (not target.exists() or target.stat().st_mtime < src.stat().st_mtime
                                   or target.stat().st_size != src.stat().st_size):
            shutil.copy2(src, target)
    src = [f'url("{woff2.name}") format("woff2")'] if woff2.name in wanted else []
    src.append(f'url("{ttf.name}") format("truetype")')
    _write_if_changed(fonts / "lossnotes-cjk.css", FONT_FACE.format(family=CJK_FAMILY, src=", ".join(src)))
    wanted.add("lossnotes-cjk.css")
    for stale in fonts.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    return fonts.parent


# --- Sphinx -------------------------------------------------------------------------------------
# One Sphinx environment per edition, shared by its builders: the website (html) and the printable
# single page (singlehtml, tools/build_pdf.py) read the notebooks once; a second builder, or a
# rebuild with unchanged sources, only writes.  MyST-NB writes the notebooks' pictures into
# jupyter_execute/ beside the output folders, so both builders' outputs share one parent folder.
def edition_work(lang):
    return WORK / f"sphinx-{lang}"


def sphinx_outdir(lang, builder="html"):
    return edition_work(lang) / builder


def sphinx_worker(argv):
    """Run Sphinx builders one after the other in this process, on one environment.

    ``argv``: SRC DOCTREES BUILDER [BUILDER ...] (output folders from :func:`sphinx_outdir`).
    """
    from sphinx.application import Sphinx

    src, doctrees, *builders = argv
    lang = os.environ["LOSSNOTES_LANG"]
    for builder in builders:
        app = Sphinx(src, str(SITE_CONF), str(sphinx_outdir(lang, builder)), doctrees, builder,
                     status=None, warning=sys.stderr, parallel=1)
        app.build()
        if app.statuscode:
            sys.exit(app.statuscode)


def sphinx_env(lang, docnames, static):
    env = dict(os.environ)
    env.update({
        "LOSSNOTES_LANG": lang,
        "LOSSNOTES_SRC_PREFIX": "notebooks" if lang == "en" else f"notebooks/{navigation.ZH_DIR}",
        "LOSSNOTES_EXTRA_STATIC": str(static),
        "LOSSNOTES_FONT_STATIC": str(font_static_dir()) if lang == "zh" else "",
        "LOSSNOTES_JIEBA_DICT": str(jieba_dict()),
        "LOSSNOTES_OTHER_PAGES": json.dumps(sorted(docnames)),
        "LOSSNOTES_SOURCES": json.dumps({doc: src.relative_to(ROOT).as_posix() for doc, src in docnames.items()}),
        "PYTHONWARNINGS": "ignore",
    })
    return env


def run_parallel(jobs):
    """Run (command, env, label) jobs side by side (one per core); raise if any fails."""
    procs = [(subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), label)
             for cmd, env, label in jobs]
    failed = []
    for proc, label in procs:
        out, _ = proc.communicate()
        warnings = [line for line in out.splitlines() if line.strip()]
        if warnings:
            print(f"[{label}] sphinx said:\n  " + "\n  ".join(warnings[:40]), file=sys.stderr)
        if proc.returncode:
            failed.append(label)
    if failed:
        raise SystemExit(f"sphinx failed for: {', '.join(failed)}")


def build_editions(langs=LANGS, builders=("html",)):
    """Stage each edition and run its Sphinx builders (one process per edition, side by side).

    Returns {lang: {docname: repository source path}}.
    """
    static = mathjax_dir()
    explorers_static(static)
    jobs, sources = [], {}
    for lang in langs:
        src = WORK / f"src-{lang}"
        sources[lang] = stage(lang, src)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--sphinx-worker", str(src),
               str(edition_work(lang) / "doctrees"), *builders]
        jobs.append((cmd, sphinx_env(lang, sources[lang], static), f"{'+'.join(builders)} {lang}"))
    run_parallel(jobs)
    return sources


def edition_outdir(out, lang):
    return Path(out) if lang == "en" else Path(out) / lang


def build_site(out=BUILD / "site", langs=LANGS, builders=("html",)):
    """Build the website into ``out``; ``builders`` may add "singlehtml" (for the PDFs) in the same run."""
    out = Path(out)
    sources = build_editions(langs, ("html", *[b for b in builders if b != "html"]))
    if out.exists():
        shutil.rmtree(out)
    for lang in langs:
        outdir = edition_outdir(out, lang)
        shutil.copytree(sphinx_outdir(lang), outdir, dirs_exist_ok=True)
        # The download button serves the repository's notebook itself, not the staged copy.
        for doc, src in sources[lang].items():
            target = outdir / "_sources" / src.name
            if target.exists() or src.suffix == ".ipynb":
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
        (outdir / ".buildinfo").unlink(missing_ok=True)
        # Jinja fragments the themes leave in _static: not pages, and their links are templates.
        for fragment in (outdir / "_static").glob("*webpack-macros.html"):
            fragment.unlink()
        # The theme's fontawesome.js (1.5 MB): no page loads it (site/_templates/layout.html).
        for unused in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
            unused.unlink()
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ and _sources/ as they are
    if out == BUILD / "site":
        link_pdfs(out)  # the PDFs of the last `make pdf`, if any
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--sphinx-worker"]:
        return sphinx_worker(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(BUILD / "site"))
    parser.add_argument("--lang", nargs="+", default=list(LANGS), choices=LANGS)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    out = build_site(args.out, args.lang)
    print(f"site: {out / 'index.html'} ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
