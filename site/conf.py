"""Sphinx configuration of the lossnotes website and its printable single-page build.

Not run directly: ``tools/build_site.py`` (``make site``) and ``tools/build_pdf.py`` (``make pdf``)
stage the stored notebooks of one edition into a source folder and call ``sphinx-build -c site``
with the environment variables below.  Nothing is executed (``nb_execution_mode = "off"``):
the pages show the outputs stored in the notebooks.

Environment (set by the build scripts):
  LOSSNOTES_LANG        "en" or "zh": the edition being built
  LOSSNOTES_SRC_PREFIX  where the edition's notebooks live in the repository ("notebooks" or
                        "notebooks/zh"): the launch buttons open that path on Binder and Colab
  LOSSNOTES_EXTRA_STATIC  a folder with extra static files (the local MathJax)
  LOSSNOTES_FONT_STATIC   (Chinese edition) a folder holding fonts/: the served CJK font and OFL.txt
  LOSSNOTES_JIEBA_DICT  a jieba user dictionary for the Chinese search index (the glossary's terms)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import navigation  # noqa: E402  (REPO, BRANCH and the URL helpers: the one place that names the repository)

LANG = os.environ.get("LOSSNOTES_LANG", "en")
SRC_PREFIX = os.environ.get("LOSSNOTES_SRC_PREFIX", "notebooks" if LANG == "en" else "notebooks/zh")
EXTRA_STATIC = os.environ.get("LOSSNOTES_EXTRA_STATIC")
FONT_STATIC = os.environ.get("LOSSNOTES_FONT_STATIC")

TITLES = {"en": "lossnotes: why machine learning uses the losses it uses",
          "zh": "lossnotes：机器学习为什么用这些损失函数"}

project = "lossnotes"
html_title = TITLES[LANG]
author = "the lossnotes authors"
copyright = "the lossnotes authors (MIT licence)"
language = "zh_CN" if LANG == "zh" else "en"
root_doc = "index"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_static_extra"]
templates_path = [str(Path(__file__).parent / "_templates")]
html_static_path = [str(Path(__file__).parent / "_static")] + ([EXTRA_STATIC] if EXTRA_STATIC else [])
html_css_files = ["lossnotes.css"]
# The live explorers: site.js mounts each explorer's ES module (copied into _static/explorers/ by
# tools/build_site.py from lossnotes/widgets/static/) where the notebook showed it, with no kernel.
# async: it runs as soon as it has loaded, not after the theme's and MathJax's deferred scripts
# (a module script is deferred by default), so the first explorer is live well within a second.
html_js_files = [("explorers/site.js", {"type": "module", "async": "async"})]
if LANG == "zh":
    # The Chinese font the site serves (fonts/: the TrueType CJK subset and its OFL.txt, converted by
    # tools/build_site.py) and the stylesheet that declares it with @font-face.
    html_static_path += [str(Path(__file__).parent / "_static_zh")] + ([FONT_STATIC] if FONT_STATIC else [])
    html_css_files += ["fonts/lossnotes-cjk.css", "lossnotes-zh.css"]

# --- Notebooks: the stored outputs, never executed ---------------------------------------------
nb_execution_mode = "off"
nb_merge_streams = True
# An explorer's stored output has a PNG, a text summary and a widget view whose state is stripped:
# show the PNG (the widget view cannot render without a kernel).
nb_mime_priority_overrides = [("*", "application/vnd.jupyter.widget-view+json", None)]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "html_image", "html_admonition"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

# --- Math: MathJax 3 served from this site (SVG output: no web fonts to fetch) -----------------
# The file comes from the npm package `mathjax` (tools/build_site.py copies it into _static/mathjax).
# The page loads it through _static/lossnotes-mathjax.js, once its explorers are live, so that
# MathJax's half second of work does not hold a reader's first key press.
mathjax_path = "lossnotes-mathjax.js"
mathjax3_config = {"svg": {"fontCache": "global"},
                   # no menu-triggered loads of extra components from elsewhere
                   "options": {"enableMenu": True}}
if LANG == "zh":
    # Chinese inside math (\text{比特}, or a character MathJax's fonts lack) is drawn as SVG text in
    # the page's font stack, i.e. the served "Lossnotes CJK SC", not in a system serif font.
    mathjax3_config["svg"].update({"mtextInheritFont": True,
                                   "unknownFamily": '"Lossnotes CJK SC", "Noto Sans CJK SC", serif'})

# --- Search: Chinese needs a word splitter (jieba) ---------------------------------------------
html_search_language = "zh" if LANG == "zh" else "en"
# jieba's own dictionary plus the course's terms (the glossary's 中文 column, written by
# tools/build_site.py): without them 交叉熵 is indexed only as 交叉 + 熵 and a search for it finds nothing.
if LANG == "zh" and os.environ.get("LOSSNOTES_JIEBA_DICT"):
    html_search_options = {"dict": os.environ["LOSSNOTES_JIEBA_DICT"]}

# --- Theme -------------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
_owner, _repo = navigation.REPO.split("/")
html_theme_options = {
    "repository_url": f"https://github.com/{navigation.REPO}",
    "repository_branch": navigation.BRANCH,
    "path_to_docs": SRC_PREFIX,
    "use_repository_button": False,
    "use_download_button": True,
    "use_fullscreen_button": False,
    # The theme's own Binder and Colab buttons; tests/test_site.py checks their URLs against
    # tools/navigation.py's binder_lab_url / colab_url.
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # No icon links to external hosts, no analytics, no announcement fetched from elsewhere.
    "icon_links": [],

}



# --- Per-page context: the link to the same page in the other edition -------------------------
def _page_context(app, pagename, templatename, context, doctree):
    pages = json.loads(os.environ.get("LOSSNOTES_OTHER_PAGES", "[]"))
    other_lang = "en" if LANG == "zh" else "zh"
    depth = pagename.count("/")
    up = "../" * depth
    if LANG == "en":
        base = up + "zh/"
    else:
        base = up + "../"
    target = pagename if pagename in pages else "index"
    context["lossnotes_other_url"] = base + target + ".html"
    context["lossnotes_other_label"] = "中文" if other_lang == "zh" else "English"
    context["lossnotes_other_lang"] = "zh-CN" if other_lang == "zh" else "en"
    context["lossnotes_lang"] = LANG


def _launch_urls(app, pagename, templatename, context, doctree):
    """Point the theme's Binder and Colab buttons at the notebook this page was built from.

    The URLs come from tools/navigation.py (the notebooks' own badges use the same helpers); a
    Chinese page shown from the English notebook (not translated yet) launches the English one.
    """
    sources = json.loads(os.environ.get("LOSSNOTES_SOURCES", "{}"))
    path = sources.get(pagename)
    if not path or not path.endswith(".ipynb"):
        return
    urls = {"Binder": navigation.binder_lab_url(path), "Colab": navigation.colab_url(path)}

    def walk(items):
        for item in items or []:
            if isinstance(item, dict):
                if item.get("text") in urls and "url" in item:
                    item["url"] = urls[item["text"]]
                walk(item.get("buttons"))

    walk(context.get("header_buttons"))


def _fix_chinese_search():
    """Sphinx 9.0's Chinese search ships the English stemmer but names it ``ChineseStemmer`` in
    language_data.js ("ChineseStemmer is not defined" in the browser, and search breaks): name the
    English one, which is what it is (it stems the Latin words of a Chinese page)."""
    import sphinx.search
    from sphinx.search.zh import SearchChinese

    if SearchChinese.js_stemmer_rawcode == "english-stemmer.js" and SearchChinese.language_name != "English":
        class _SearchChinese(SearchChinese):
            language_name = "English"

        sphinx.search.languages["zh"] = _SearchChinese


def setup(app):
    _fix_chinese_search()
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _launch_urls, priority=600)

# The theme's light/dark switch starts from the reader's system setting (figures stay on white).
html_context = {"default_mode": "auto"}
