"""tools/hub_link.py builds links in nbgitpuller's format (tests/test_hub.py follows them on a real hub).

nbgitpuller's link generator (nbgitpuller.link, docs/_static/link_gen/link.js) builds
``<hub>/hub/user-redirect/git-pull`` with the query parameters ``repo``, ``urlpath`` and ``branch``
set through ``URLSearchParams`` (form encoding); its server side (``nbgitpuller.handlers.UIHandler``
and ``SyncHandler``) reads ``repo``, ``branch``, ``urlpath`` and ``targetpath`` with Tornado's
``get_argument``, which form-decodes them.  These tests parse our links the same way.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import hub_link  # noqa: E402
from navigation import BRANCH, REPO  # noqa: E402

NOTEBOOK_04 = next(p.name for p in (ROOT / "notebooks").glob("04_*.ipynb"))


def parse(link):
    parts = urllib.parse.urlsplit(link)
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), f"a parameter is repeated: {query}"
    return parts, {k: v[0] for k, v in query.items()}


def test_link_for_notebook_04_has_nbgitpuller_parameters():
    link = hub_link.build_link("https://hub.example.edu", "04")
    parts, q = parse(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.edu", "/hub/user-redirect/git-pull")
    assert set(q) == {"repo", "branch", "urlpath", "targetpath"}
    assert q["repo"] == f"https://github.com/{REPO}"
    assert q["branch"] == BRANCH == "main"
    assert q["targetpath"] == "lossnotes"
    assert q["urlpath"] == f"lab/tree/lossnotes/notebooks/{NOTEBOOK_04}"
    # Every reserved character of a value is percent-encoded: the query splits only at our & and =.
    raw = parts.query.split("&")
    assert [r.split("=", 1)[0] for r in raw] == ["repo", "urlpath", "branch", "targetpath"]
    assert all("/" not in r and ":" not in r for r in raw)


def test_urlpath_opens_the_file_nbgitpuller_puts_in_targetpath():
    # SyncHandler clones into <server root>/<targetpath>; the urlpath must point inside that folder.
    for kwargs in ({"number": "04"}, {"number": "4", "lang": "zh"}, {"app": True}, {"app": True, "lang": "zh"}):
        _, q = parse(hub_link.build_link("https://hub.example.edu", **kwargs))
        path = q["urlpath"].split("/", 2)[-1]  # after lab/tree/ or voila/render/
        assert path.startswith(q["targetpath"] + "/notebooks/"), q
        assert (ROOT / path[len(q["targetpath"]) + 1:]).name.endswith(".ipynb")


def test_chinese_edition_and_app_paths():
    _, zh = parse(hub_link.build_link("https://hub.example.edu", "04", lang="zh"))
    assert zh["urlpath"] == f"lab/tree/lossnotes/notebooks/zh/{NOTEBOOK_04}"
    _, app = parse(hub_link.build_link("https://hub.example.edu", app=True))
    assert app["urlpath"] == "voila/render/lossnotes/notebooks/app.ipynb"
    _, app_zh = parse(hub_link.build_link("https://hub.example.edu", app=True, lang="zh"))
    assert app_zh["urlpath"] == "voila/render/lossnotes/notebooks/zh/app.ipynb"
    _, classic = parse(hub_link.build_link("https://hub.example.edu", "0", classic=True))
    assert classic["urlpath"] == "tree/lossnotes/notebooks/00_start_here.ipynb"


def test_hub_under_a_path_and_trailing_slash():
    for hub in ("https://example.edu/jupyter", "https://example.edu/jupyter/"):
        parts, _ = parse(hub_link.build_link(hub, "04"))
        assert parts.path == "/jupyter/hub/user-redirect/git-pull"


def test_quoting_round_trips_awkward_values():
    repo = "https://git.example.edu/ml course/lossnotes.git?x=1&y=é"
    link = hub_link.build_link("https://hub.example.edu", "04", repo=repo, branch="fall 2026/§1")
    _, q = parse(link)
    assert q["repo"] == repo and q["branch"] == "fall 2026/§1"
    assert " " not in link and "é" not in link


def test_repo_forms():
    assert hub_link.repo_url("someone/fork") == "https://github.com/someone/fork"
    for url in ("https://gitlab.example.edu/ml/lossnotes.git", "git@github.com:a/b.git", "/srv/git/lossnotes"):
        assert hub_link.repo_url(url) == url


@pytest.mark.parametrize("bad", ["4a", "", "99", "-1"])
def test_unknown_notebook_numbers_are_errors(bad):
    with pytest.raises(ValueError, match="notebook"):
        hub_link.build_link("https://hub.example.edu", bad)


@pytest.mark.parametrize("bad", ["hub.example.edu", "ftp://hub.example.edu", "https://hub.example.edu/?next=x"])
def test_bad_hub_urls_are_errors(bad):
    with pytest.raises(ValueError, match="hub"):
        hub_link.build_link(bad, "04")


def test_exactly_one_of_notebook_and_app():
    with pytest.raises(ValueError, match="exactly one"):
        hub_link.build_link("https://hub.example.edu", "04", app=True)
    with pytest.raises(ValueError, match="lang"):
        hub_link.build_link("https://hub.example.edu", "04", lang="fr")


def test_command_line_prints_the_link():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "hub_link.py"), "--hub", "https://hub.example.edu",
                          "--notebook", "04"], capture_output=True, text=True, check=True).stdout.strip()
    assert out == hub_link.build_link("https://hub.example.edu", "04")
    bad = subprocess.run([sys.executable, str(ROOT / "tools" / "hub_link.py"), "--hub", "https://hub.example.edu",
                          "--notebook", "99"], capture_output=True, text=True)
    assert bad.returncode == 2 and "available" in bad.stderr
