"""Print the nbgitpuller link that opens one lossnotes notebook on a JupyterHub.

Usage (from anywhere; docs/hub.md explains links for instructors)::

    python tools/hub_link.py --hub https://hub.example.edu --notebook 04
    python tools/hub_link.py --hub https://hub.example.edu --notebook 04 --lang zh   # the Chinese edition
    python tools/hub_link.py --hub https://hub.example.edu --app                     # the explorers in Voilà
    python tools/hub_link.py --hub https://hub.example.edu --notebook 04 --classic   # /tree instead of /lab

A student who clicks the link logs in to the hub, their server starts, nbgitpuller clones the
course into ``~/lossnotes`` the first time (later clicks *merge* the instructor's new commits
into the student's copy, never discarding the student's edits: see docs/hub.md), and the
notebook opens.

The link has nbgitpuller's format (the same as its link generator, nbgitpuller.link):
``<hub>/hub/user-redirect/git-pull?repo=<git URL>&urlpath=<path to open>&branch=<branch>&targetpath=<folder>``,
each value percent-encoded as an HTML form does.  ``repo`` and ``branch`` default to ``REPO`` and
``BRANCH`` in tools/navigation.py (the one place that says where the repository lives);
``--repo``/``--branch`` override them for a fork or a university's own git server.
``targetpath`` is fixed to ``lossnotes`` so that the folder, and hence every ``urlpath``, is the
same whatever the repository URL is called.

The notebook number resolves to the file by globbing ``notebooks/NN_*.ipynb``; the Chinese
edition has the same file names under ``notebooks/zh/``.  The Voilà app needs the ``voila``
server extension in the hub's user environment (binder/requirements.txt installs it).
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from navigation import APP, BRANCH, REPO, ZH_DIR  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TARGET = "lossnotes"  # the course's folder in each student's home directory
LANGS = ("en", "zh")


def repo_url(repo=REPO):
    """The git URL nbgitpuller clones: ``owner/name`` on GitHub, or any URL git understands."""
    return repo if "://" in repo or repo.startswith(("/", "git@")) else f"https://github.com/{repo}"


def notebook_file(number, notebooks=NOTEBOOKS):
    """``"04"`` (or ``4``) -> ``"04_kl_and_js_divergence.ipynb"``, from the files that exist."""
    text = str(number).strip()
    if not text.isdigit():
        raise ValueError(f"notebook must be a number such as 04, got {number!r}")
    matches = sorted(p.name for p in Path(notebooks).glob(f"{int(text):02d}_*.ipynb"))
    if len(matches) != 1:
        available = ", ".join(sorted(p.name[:2] for p in Path(notebooks).glob("[0-9][0-9]_*.ipynb")))
        what = "no notebook" if not matches else f"{len(matches)} notebooks ({', '.join(matches)})"
        raise ValueError(f"notebook {text}: {what} matches notebooks/{int(text):02d}_*.ipynb; available: {available}")
    return matches[0]


def notebook_path(number=None, *, lang="en", app=False, notebooks=NOTEBOOKS):
    """The notebook's path inside the course folder, e.g. ``notebooks/zh/04_….ipynb``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    if app == (number is not None):
        raise ValueError("give exactly one of a notebook number and app=True")
    name = APP if app else notebook_file(number, notebooks)
    return f"notebooks/{ZH_DIR}/{name}" if lang == "zh" else f"notebooks/{name}"


def urlpath(path, *, app=False, classic=False):
    """What the single-user server opens after the pull (relative to the server's base URL)."""
    full = f"{TARGET}/{path}"
    if app:
        return f"voila/render/{full}"
    return f"tree/{full}" if classic else f"lab/tree/{full}"


def build_link(hub, number=None, *, lang="en", app=False, classic=False, repo=REPO, branch=BRANCH,
               notebooks=NOTEBOOKS):
    """The nbgitpuller link (a string) for ``hub`` (the hub's base URL, e.g. ``https://hub.example.edu``)."""
    parts = urllib.parse.urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"hub must be the hub's http(s) URL such as https://hub.example.edu, got {hub!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"hub must be the hub's base URL, without a query or fragment, got {hub!r}")
    path = notebook_path(number, lang=lang, app=app, notebooks=notebooks)
    query = urllib.parse.urlencode({
        "repo": repo_url(repo),
        "urlpath": urlpath(path, app=app, classic=classic),
        "branch": branch,
        "targetpath": TARGET,
    })
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    return f"{base}/hub/user-redirect/git-pull?{query}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's base URL, e.g. https://hub.example.edu")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--notebook", help="notebook number, e.g. 04 (notebooks/04_*.ipynb)")
    which.add_argument("--app", action="store_true", help="open notebooks/app.ipynb as an app in Voilà")
    parser.add_argument("--lang", choices=LANGS, default="en", help="edition: en (notebooks/) or zh (notebooks/zh/)")
    parser.add_argument("--classic", action="store_true", help="open in the Notebook /tree view instead of JupyterLab")
    parser.add_argument("--repo", default=REPO, help=f"GitHub owner/name or any git URL (default {REPO})")
    parser.add_argument("--branch", default=BRANCH, help=f"branch to pull (default {BRANCH})")
    args = parser.parse_args(argv)
    try:
        link = build_link(args.hub, args.notebook, lang=args.lang, app=args.app, classic=args.classic,
                          repo=args.repo, branch=args.branch)
    except ValueError as exc:
        parser.error(str(exc))
    path = notebook_path(args.notebook, lang=args.lang, app=args.app)
    if not (ROOT / path).exists():
        print(f"note: {path} is not in this checkout yet (build the Chinese edition with `make zh`)", file=sys.stderr)
    print(link)
    return 0


if __name__ == "__main__":
    sys.exit(main())
