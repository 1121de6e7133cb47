"""Generated navigation, badges and links: nothing stale, nothing pointing at a missing file.

- Every notebook's header/footer/install cells are what tools/navigation.py generates now
  (fix: `python tools/navigation.py notebooks/*.ipynb`, or `make nav`).
- Every link and badge in the notebooks, README.md and notebooks/glossary.md that points into
  this repository (relative links, and GitHub / Colab / Binder URLs of lossnotes/lossnotes) names
  a file that exists.
- The README's notebook table, and the contents table of 00_start_here, list exactly the
  numbered notebooks in notebooks/, in order.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"

_spec = importlib.util.spec_from_file_location("lossnotes_tools_navigation", ROOT / "tools" / "navigation.py")
nav = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nav)

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NUMBERED = [p for p in NOTEBOOKS if nav.SEQUENCE_RE.match(p.name)]
MARKDOWN_FILES = [ROOT / "README.md", ROOT / "README.zh-CN.md", NOTEBOOK_DIR / "glossary.md",
                  ROOT / "docs" / "hub.md", ROOT / "translations" / "README.md"]
MARKDOWN_FILES += [p for p in [NOTEBOOK_DIR / "zh" / "glossary.md"] if p.exists()]
ZH_NOTEBOOKS = sorted((NOTEBOOK_DIR / "zh").glob("*.ipynb"))
FIX = "run `python tools/navigation.py notebooks/*.ipynb` (or `make nav`)"


# -- the generated cells ------------------------------------------------------------------------
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_generated_navigation_is_current(path):
    assert nav.is_current(path), f"{path.name}: navigation cells are stale or missing; {FIX}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_colab_install(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert first.source == nav.INSTALL_SOURCE, f"{path.name}: first code cell is not the Colab install cell; {FIX}"
    assert not first.get("outputs"), f"{path.name}: the install cell must do nothing where lossnotes is installed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_html_images_not_markdown_images(path):
    # Voila 0.5 under Jupyter Server (Binder's app link, /voila/render/...) hangs on a Markdown
    # image: it calls the async contents manager without awaiting it (voila-dashboards/voila#1473).
    # <img src="..."> renders the same everywhere and avoids that code path.
    nb = nbformat.read(path, as_version=4)
    images = [m.group(0) for c in nb.cells if c.cell_type == "markdown"
              for m in re.finditer(r"!\[[^\]]*\]\([^)]*\)", _strip_code(c.source))]
    assert not images, f"{path.name}: use <img src=...> instead of {images[:3]}"


def test_there_is_a_contents_notebook_and_an_app():
    assert (NOTEBOOK_DIR / nav.CONTENTS).exists() and (NOTEBOOK_DIR / nav.APP).exists()
    assert NUMBERED and NUMBERED[0].name == nav.CONTENTS


def _copy(tmp_path, *names):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in names:
        shutil.copy(NOTEBOOK_DIR / name, folder / name)
    return folder


def test_tool_is_idempotent_and_check_mode_fails_when_stale(tmp_path, capsys):
    folder = _copy(tmp_path, nav.CONTENTS)
    path = folder / nav.CONTENTS
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if nav.generated_kind(c) not in (nav.HEADER, nav.FOOTER)]
    nbformat.write(nb, path)
    assert nav.main(["--check", str(path)]) == 1
    assert "stale navigation" in capsys.readouterr().err
    assert nav.main([str(path)]) == 0
    once = path.read_text(encoding="utf-8")
    assert nav.main([str(path)]) == 0 and path.read_text(encoding="utf-8") == once
    assert nav.main(["--check", str(path)]) == 0
    cells = nbformat.read(path, as_version=4).cells
    assert [nav.generated_kind(cells[0]), nav.generated_kind(cells[-1])] == [nav.HEADER, nav.FOOTER]
    assert sum(nav.generated_kind(c) is not None for c in cells) == 3  # header, install, footer


def test_a_new_neighbour_or_a_new_title_makes_navigation_stale(tmp_path):
    folder = _copy(tmp_path, nav.CONTENTS)
    nav.main([str(folder / nav.CONTENTS)])
    assert nav.is_current(folder / nav.CONTENTS)
    # A new notebook appears: the contents page must now link to it as "next".
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Something new: a subtitle"),
                                         nbformat.v4.new_code_cell("x = 1")])
    nbformat.write(nb, folder / "01_new.ipynb")
    assert not nav.is_current(folder / nav.CONTENTS)
    nav.main([str(folder / nav.CONTENTS), str(folder / "01_new.ipynb")])
    header = nbformat.read(folder / nav.CONTENTS, as_version=4).cells[0].source
    assert "[01 · Something new →](01_new.ipynb)" in header
    new = nbformat.read(folder / "01_new.ipynb", as_version=4)
    assert f"[← {nav.title_of(folder / nav.CONTENTS)}]({nav.CONTENTS})" in new.cells[0].source
    assert [c.source for c in new.cells[1:4]] == ["# 01 · Something new: a subtitle", nav.INSTALL_SOURCE, "x = 1"]
    # Renaming the neighbour's title makes the contents page stale again.
    new.cells[1].source = "# 01 · A better title"
    nbformat.write(new, folder / "01_new.ipynb")
    assert not nav.is_current(folder / nav.CONTENTS)


@pytest.mark.parametrize(
    "heading, title",
    [("06 · MSE versus cross-entropy: why classifiers are not trained with squared error", "06 · MSE versus cross-entropy"),
     ("07 · 回归损失：L1、L2、Smooth L1 与 Huber", "07 · 回归损失"),
     ("00 · 从这里开始：为什么偏偏用这些损失函数来训练？", "00 · 从这里开始"),
     ("10 · 交叉熵就是压缩：语言模型、困惑度与每字符比特数", "10 · 交叉熵就是压缩"),
     ("02 · Entropy", "02 · Entropy"), ("a：b: c", "a")],
)
def test_titles_end_at_the_first_colon_ascii_or_full_width(heading, title):
    assert nav.short_title(heading) == title


def test_chinese_links_carry_no_subtitle(tmp_path):
    folder = tmp_path / "notebooks"
    (folder / "zh").mkdir(parents=True)
    for name, en, zh in [("00_start_here.ipynb", "# 00 · Start here: why", "# 00 · 从这里开始：为什么"),
                         ("01_a.ipynb", "# 01 · A: b", "# 01 · 甲：乙")]:
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(en)]), folder / name)
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(zh)]), folder / "zh" / name)
    links = nav.nav_links(folder / "zh" / "01_a.ipynb")
    assert "[← 00 · 从这里开始](00_start_here.ipynb)" in links and "：" not in links
    assert "[01 · 甲 →](01_a.ipynb)" in nav.nav_links(folder / "zh" / "00_start_here.ipynb")
    assert "[01 · A →](01_a.ipynb)" in nav.nav_links(folder / "00_start_here.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS + ZH_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_navigation_links_carry_no_subtitle_and_reach_the_glossary(path):
    nb = nbformat.read(path, as_version=4)
    for cell in (nb.cells[0], nb.cells[-1]):
        if nav.generated_kind(cell) not in (nav.HEADER, nav.FOOTER):
            continue  # reported by test_generated_navigation_is_current
        links = cell.source.splitlines()[-1]
        texts = re.findall(r"\[([^\]]*)\]\(", links)
        assert not [t for t in texts if ":" in t or "：" in t], f"{path}: a link carries a subtitle: {links}"
        glossary = nav.TEXT[nav.language_of(path)]["glossary"]
        target = re.search(rf"\[{glossary}\]\(([^)]+)\)", links)
        assert target and (path.parent / target.group(1)).exists(), f"{path}: no glossary link in {links}"
        if nav.language_of(path) == "zh" and (NOTEBOOK_DIR / "zh" / nav.GLOSSARY).exists():
            assert target.group(1) == nav.GLOSSARY, f"{path}: links to the bilingual glossary, not the Chinese one"


def test_chinese_header_has_no_italics():
    for path in ZH_NOTEBOOKS:
        header = nav.header_source(path)
        assert not re.search(r"(?<![*\w])\*[^*\s][^*]*[\u4e00-\u9fff][^*]*\*(?!\*)", header), header


def test_badges_point_at_the_notebook_itself():
    for path in NOTEBOOKS:
        header = nbformat.read(path, as_version=4).cells[0]
        if nav.generated_kind(header) != nav.HEADER:
            continue  # reported by test_generated_navigation_is_current
        rel = f"notebooks/{path.name}"
        assert nav.colab_url(rel) in header.source and nav.binder_lab_url(rel) in header.source
        assert (nav.binder_app_url(rel) in header.source) == (path.name == nav.APP)


# -- links and badges ---------------------------------------------------------------------------
_INLINE = re.compile(r"!?\[(?:[^\[\]]|!\[[^\]]*\]\([^)]*\))*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def _strip_code(markdown):
    markdown = re.sub(r"^(`{3,}|~{3,}).*?^\1\s*$", "", markdown, flags=re.M | re.S)
    return re.sub(r"`[^`\n]*`", "", markdown)


def _links(markdown):
    text = _strip_code(markdown)
    found = _INLINE.findall(text) + _HTML.findall(text) + _REFDEF.findall(text)
    # Inner badge images of [![alt](image)](url) are matched by a second pass over the label.
    found += re.findall(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)", text)
    return sorted(set(found))


def _documents():
    for path in MARKDOWN_FILES:
        yield path, path.read_text(encoding="utf-8")
    for path in NOTEBOOKS + ZH_NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        yield path, "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _repo_target(url):
    """The repository path a URL points at, '' if it is external, or raise for a wrong one."""
    parts = urlsplit(url)
    host, path = parts.netloc.lower(), unquote(parts.path)
    owner_repo = nav.REPO.lower()
    if host in {"github.com", "www.github.com"} and path.lower().startswith(f"/{owner_repo}"):
        rest = path[len(owner_repo) + 1:].strip("/")
        if not rest:
            return "."
        m = re.fullmatch(r"(?:blob|tree)/([^/]+)/(.+)", rest)
        assert m, f"unexpected GitHub URL {url}"
        assert m.group(1) == nav.BRANCH, f"{url} is not on branch {nav.BRANCH}"
        return m.group(2)
    if host == "colab.research.google.com" and path.startswith("/github/"):
        m = re.fullmatch(rf"/github/{re.escape(nav.REPO)}/blob/{re.escape(nav.BRANCH)}/(.+)", path)
        assert m, f"{url} does not open {nav.REPO} at {nav.BRANCH} in Colab"
        return m.group(1)
    if host == "mybinder.org" and path.startswith("/v2/"):
        assert path.rstrip("/") == f"/v2/gh/{nav.REPO}/{nav.BRANCH}", f"{url} does not launch {nav.REPO} at {nav.BRANCH}"
        urlpath = parse_qs(parts.query).get("urlpath", [""])[0]
        if not urlpath:
            return "."
        m = re.fullmatch(r"(?:lab/tree|voila/render|notebooks|tree)/(.+)", urlpath)
        assert m, f"{url}: unexpected urlpath {urlpath!r}"
        return m.group(1)
    return ""


def test_links_and_badges_point_at_files_that_exist():
    broken, checked = [], 0
    for path, markdown in _documents():
        for link in _links(markdown):
            if link.startswith(("mailto:", "#")):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*://", link, re.I):
                try:
                    target = _repo_target(link)
                except AssertionError as exc:
                    broken.append(f"{path.relative_to(ROOT)}: {exc}")
                    continue
                if not target:
                    continue
                resolved = ROOT / target
            else:
                resolved = path.parent / unquote(link.split("#")[0].split("?")[0])
            checked += 1
            if not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {link} -> {resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved} does not exist")
    assert checked > 20
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_link_checker_finds_badges_and_rejects_wrong_targets():
    md = (f"[![Binder]({nav.BINDER_BADGE})]({nav.binder_lab_url('notebooks/nope.ipynb')}) "
          "[x](02_missing.ipynb#part) `[not](a-link)`\n```\n[also](not-a-link)\n```")
    links = _links(md)
    assert nav.BINDER_BADGE in links and "02_missing.ipynb#part" in links and "a-link" not in links
    assert _repo_target(nav.binder_lab_url("notebooks/nope.ipynb")) == "notebooks/nope.ipynb"
    assert _repo_target(nav.colab_url("notebooks/x.ipynb")) == "notebooks/x.ipynb"
    assert _repo_target("https://example.org/paper.pdf") == ""
    with pytest.raises(AssertionError, match="branch"):
        _repo_target(f"https://github.com/{nav.REPO}/blob/dev/README.md")


# -- tables of notebooks ------------------------------------------------------------------------
def _table_notebooks(markdown, heading):
    section = markdown.split(heading, 1)[1]
    section = re.split(r"^#{1,3} ", section, maxsplit=1, flags=re.M)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [m.group(1) for row in rows for m in [re.search(r"\]\(([^)]+\.ipynb)\)", row)] if m]


def test_readme_table_lists_every_numbered_notebook_in_order():
    listed = _table_notebooks((ROOT / "README.md").read_text(encoding="utf-8"), "## The notebooks")
    assert listed == [f"notebooks/{p.name}" for p in NUMBERED]


def test_chinese_readme_table_lists_every_chinese_notebook_in_order():
    listed = _table_notebooks((ROOT / "README.zh-CN.md").read_text(encoding="utf-8"), "## Notebook 目录")
    assert listed == [f"notebooks/zh/{p.name}" for p in NUMBERED]
    assert all((ROOT / path).exists() for path in listed)


def test_chinese_readme_badges_open_the_chinese_edition_and_link_back():
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    top = readme.split("\n## ", 1)[0]
    for url in (nav.binder_lab_url(f"notebooks/zh/{nav.CONTENTS}"), nav.binder_app_url(f"notebooks/zh/{nav.APP}"),
                nav.colab_url(f"notebooks/zh/{nav.CONTENTS}")):
        assert url in top, f"README.zh-CN.md badges: {url} missing above the first section"
    assert "](README.md)" in top and "](README.zh-CN.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_contents_notebook_lists_every_other_numbered_notebook_in_order():
    nb = nbformat.read(NOTEBOOK_DIR / nav.CONTENTS, as_version=4)
    markdown = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown" and not nav.generated_kind(c))
    listed = _table_notebooks(markdown, "## The path through the course")
    assert listed == [p.name for p in NUMBERED if p.name != nav.CONTENTS]


def test_readme_badges_and_the_repository_constant():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme.split("\n## ", 1)[0]
    for url in (nav.binder_lab_url(f"notebooks/{nav.CONTENTS}"), nav.binder_app_url(f"notebooks/{nav.APP}"),
                nav.colab_url(f"notebooks/{nav.CONTENTS}")):
        assert url in top, f"README badges: {url} missing above the first section"
    assert "tools/navigation.py" in readme and f"`{nav.REPO}`" in readme
