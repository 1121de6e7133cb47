"""Fixtures shared by the test files that drive a real browser.

Playwright's sync API runs one event loop per thread: a second ``sync_playwright()`` started while
another is alive in the same process fails ("using Playwright Sync API inside the asyncio loop").
`make test` runs files on two xdist workers, so the JupyterLab, Chinese-edition, JupyterHub and
website tests may share a worker: they all take the one session-wide ``browser`` below.
"""

from __future__ import annotations

import shutil

import pytest

# Debian's chromium; no browser is ever downloaded (never `playwright install`).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(message):
    """Skip locally; fail in CI (.ci/run sets CI=true), where every browser test must run."""
    import os

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium per test process, shared by every browser test file."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: `make test` installs it (pip install -e '.[test]')")
    executable = shutil.which("chromium")
    if executable is None:
        unavailable("no `chromium` on PATH: install it with `sudo apt-get install chromium` "
                    "(Debian/Ubuntu; .ci/run does this) to run the browser tests")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
