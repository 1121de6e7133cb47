"""Key press → new pixels, in the browser: the browser explorers against the old kernel explorers.

What is timed
-------------
The time from a key press on an explorer's slider to the frame that shows its result, measured in
the page with the page's own clock:

* start: the ``keydown`` event's ``timeStamp`` (when the browser received the key);
* browser explorers (ES modules): the module redraws synchronously in the ``input`` event that the
  key's default action fires; the end is ``requestAnimationFrame`` → ``setTimeout(0)``, i.e. just
  after the frame holding the new SVG and readouts has been produced;
* old kernel explorers (matplotlib in the kernel, before the move to the browser): the slider's new
  value travels to the kernel, which redraws and sends a PNG back; the end is when the explorer's
  ``img`` has its new ``src`` decoded and painted (the same rAF → setTimeout(0) after ``decode()``).

Where, all in one run, side by side
-----------------------------------
* **site**: the course website (``tools/build_site.py``, built into a temporary folder unless
  ``--site DIR`` is given), served on 127.0.0.1, every explorer of every page of the English
  edition.  Also, per page, how long after navigation start the first explorer is live and the
  first key press has its pixels (target: ≤ 1 s), for a reader who presses the arrow key every
  50 ms from the start (the probe focuses the first slider the moment it is live).
* **lab**: JupyterLab with the current notebooks (Run All, then every explorer of every notebook).
  The presses start as soon as the slider has the focus.  (Whenever the active cell changes,
  JupyterLab resets the cursor of every other cell's editor and CodeMirror restarts its blink
  animation; the explorers' stylesheet stops those animations in unfocused editors, which draw no
  cursor, or the page would render 60 frames a second for 1.2 s after the focus entered an
  explorer.  ``--settle S`` starts the presses S seconds after the focus, to check that nothing of
  the kind is left.)
* **kernel (old)**: JupyterLab with the notebooks and package of ``--old-rev`` (default
  ``e9dab28``, the last commit before the explorers moved to the browser; extracted with
  ``git archive`` and put first on the kernels' ``PYTHONPATH``), every kernel explorer.

Targets (issue 17): median ≤ 16 ms (one frame) and the longest step < 50 ms, for every browser
explorer in JupyterLab and on the site; the first explorer responds within 1 s of page load.
Chromium runs headless on a shared 2-core machine: read the ratios, not the last millisecond.

Run: ``.venv/bin/python benchmarks/bench_browser.py [--presses N] [--only site,lab,kernel] [--notebooks 05,08] [--settle S]``
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import math
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import Row, banner, machine_facts, print_table, write_json  # noqa: E402

OLD_REV = "e9dab28"

# Installed in every page before its scripts run: records key → pixels samples in window.__lnLatency.
PROBE = """(() => {
  const lat = window.__lnLatency = { samples: [], t0: null, first: undefined, waitImg: false, live: null };
  const done = (t0) => requestAnimationFrame(() => setTimeout(() => lat.samples.push(performance.now() - t0), 0));
  document.addEventListener('keydown', (e) => {
    if (!e.key.startsWith('Arrow')) return;
    lat.t0 = e.timeStamp;
    const t = e.target;
    if (t.closest && t.closest('[data-explorer]')) { if (lat.first === undefined) lat.first = e.timeStamp; done(e.timeStamp); }
    else if (t.closest && t.closest('.widget-slider')) lat.waitImg = true;
  }, true);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.attributeName === 'class' && lat.live === null && r.target.matches && r.target.matches('.lossnotes-live.is-live')) {
        // The first explorer is live: its first slider takes the focus at once (in the page, not by
        // a round trip of the driver), so that the first key press can come as early as a reader's.
        lat.live = performance.now();
        const slider = r.target.querySelector('[data-explorer] input[type=range]');
        if (slider) slider.focus({ preventScroll: true });
      }
      if (r.attributeName === 'src' && lat.waitImg && r.target.matches && r.target.matches('img.widget-image')) {
        lat.waitImg = false;
        const t0 = lat.t0;
        r.target.decode().catch(() => {}).then(() => done(t0));
      }
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['src', 'class'] });
})();"""


def _count(page):
    return page.evaluate("() => window.__lnLatency.samples.length")


def _press(page, control, at_max):
    """Press ArrowRight (ArrowLeft at the top of the range) on a focused control; wait for its pixels.
    A step whose pixels never come (20 s) counts as infinitely slow, and the run goes on."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    n = _count(page)
    page.keyboard.press("ArrowLeft" if at_max() else "ArrowRight")
    try:
        page.wait_for_function(f"() => window.__lnLatency.samples.length > {n}", timeout=20_000, polling=5)
    except PlaywrightTimeout:
        print(f"a step on {page.url} showed no new pixels within 20 s: counted as inf")
        return math.inf
    return page.evaluate("() => window.__lnLatency.samples.at(-1)")


def browser_explorer_steps(page, root, presses, settle=0.0):
    """Key → pixels (ms) of ``presses`` steps of a browser explorer's first slider, the first press
    ``settle`` seconds after the slider took the focus."""
    slider = root.locator("input[type=range]").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.wait_for_timeout(settle * 1000)
    at_max = lambda: float(slider.input_value()) >= float(slider.get_attribute("max"))  # noqa: E731
    out = []
    for _ in range(presses):
        out.append(_press(page, slider, at_max))
        page.wait_for_timeout(30)  # a reader's pace, not a key held down
    return out


def kernel_explorer_steps(page, area, presses):
    """Key → pixels (ms) of ``presses`` steps of a kernel explorer's first slider."""
    handle = area.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    at_max = lambda: float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))  # noqa: E731
    out = []
    for _ in range(presses):
        out.append(_press(page, handle, at_max))
        page.wait_for_timeout(150)  # let the readouts that follow the picture arrive
    return out


# -- the site ----------------------------------------------------------------------------------
def serve(folder):
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def site_rows(browser, site, presses, notebooks):
    import build_site

    httpd, url = serve(site)
    rows, first = [], []
    try:
        for name in build_site.page_files():
            stem = Path(name).stem
            if not name.endswith(".ipynb") or (notebooks and not stem.startswith(notebooks)):
                continue
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(PROBE)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:")) else r.abort())
            page.goto(f"{url}{stem}.html", wait_until="commit")
            # A reader who presses the arrow key every 50 ms from the start: the probe focuses the
            # first explorer's first slider as soon as it is live, and the first key press that
            # reaches it is timed.  (Waiting for "live" and then pressing would time the driver's
            # polling, which also waits for the page's main thread.)
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                page.keyboard.press("ArrowRight")
                if page.evaluate("() => window.__lnLatency.samples.length > 0 || document.readyState === 'complete'"
                                 " && !document.querySelector('.lossnotes-live')"):
                    break
                page.wait_for_timeout(50)
            if not page.locator(".lossnotes-live").count():
                page.close()
                continue
            page.wait_for_function("() => window.__lnLatency.samples.length > 0", timeout=10_000, polling=5)
            live, t0, dt = page.evaluate("() => [window.__lnLatency.live, window.__lnLatency.first, window.__lnLatency.samples[0]]")
            first.append((stem, live, t0 + dt, dt))
            page.wait_for_function("() => document.documentElement.dataset.explorersLive", timeout=15_000)
            roots = page.locator(".lossnotes-live [data-explorer]")
            for i in range(roots.count()):
                root = roots.nth(i)
                rows.append((stem, i, root.get_attribute("data-explorer"), browser_explorer_steps(page, root, presses)))
            page.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows, first


# -- JupyterLab -----------------------------------------------------------------------------------
def lab_server(root, base, pythonpath=None):
    from test_browser import LAB_SETTINGS, Server, _free_port, _jupyter_env

    # The tests' settings, but JupyterLab's own default windowing ("contentVisibility": cells off
    # screen are not painted), as a student's JupyterLab has it; the tests render every cell.
    for plugin, values in LAB_SETTINGS.items():
        values = {k: v for k, v in values.items() if k != "windowingMode"}
        path = base / "settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = _jupyter_env(base)
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    port = _free_port()
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
            "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={base / 'settings'}", f"--LabApp.workspaces_dir={base / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True"]
    return Server(args, root, env, base / "jupyterlab.log", f"http://127.0.0.1:{port}", "/api/status")


def lab_rows(browser, server, root, presses, notebooks, kind, settle=0.0):
    from test_browser import _run_all, _shutdown_kernels

    rows = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        if path.stem == "app" or (notebooks and not path.stem.startswith(notebooks)):
            continue
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        page.lossnotes_messages = []
        try:
            state = _run_all(page, server.url, path.name)
            page.evaluate(PROBE)  # after Run All: the probe watches the key presses only
            if state["errors"]:
                print(f"{kind} {path.stem}: errors while running: {state['errors'][:1]}")
                continue
            if kind == "lab":
                roots = page.locator(".jp-OutputArea-output [data-explorer]")
                for i in range(roots.count()):
                    root_el = roots.nth(i)
                    rows.append((path.stem, i, root_el.get_attribute("data-explorer"),
                                 browser_explorer_steps(page, root_el, presses, settle)))
            else:
                areas = page.locator(".jp-OutputArea-output:has(img.widget-image):has(.widget-slider)")
                for i in range(areas.count()):
                    rows.append((path.stem, i, "(kernel)", kernel_explorer_steps(page, areas.nth(i), presses)))
        finally:
            page.goto("about:blank")
            page.close()
            _shutdown_kernels(server)
    return rows


def old_tree(rev, dest):
    """``lossnotes/`` and ``notebooks/`` of git revision ``rev`` extracted into ``dest``."""
    data = subprocess.run(["git", "archive", rev, "lossnotes", "notebooks"], cwd=ROOT, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


# -- report -----------------------------------------------------------------------------------------
def _stats(samples):
    return statistics.median(samples), max(samples)


def _met(samples):
    median, worst = _stats(samples)
    return median <= 16 and worst < 50


def report(site, lab, kernel, first):
    """Print the side-by-side table; return the benchmark rows (for run_all's summary)."""
    by_key = {}
    for where, rows in (("site", site), ("lab", lab), ("kernel", kernel)):
        for stem, i, name, samples in rows:
            entry = by_key.setdefault((stem, i), {})
            entry[where] = samples
            if name != "(kernel)":
                entry["name"] = name
    table, out = [], []
    for (stem, i), entry in sorted(by_key.items()):
        name = entry.get("name", "(no browser explorer)")
        cells = [stem[:2], name]
        for where in ("site", "lab", "kernel"):
            cells.append("{:.1f} / {:.1f} ms".format(*_stats(entry[where])) if where in entry else "")
        old = _stats(entry["kernel"])[0] if "kernel" in entry else float("nan")
        new = entry.get("lab") or entry.get("site")
        cells.append(f"{old / _stats(new)[0]:.0f}×" if new and "kernel" in entry else "")
        verdicts = [_met(entry[w]) for w in ("site", "lab") if w in entry]
        cells.append(("met" if all(verdicts) else "NOT met") if verdicts else "")
        table.append(cells)
        for where, label in (("site", "website"), ("lab", "JupyterLab")):
            if where in entry:
                median, worst = _stats(entry[where])
                out.append(Row("browser", f"{stem[:2]} {name}, key → pixels, {label}", median, "ms",
                               "old kernel explorer", old, "median ≤ 16 ms and max < 50 ms", _met(entry[where]),
                               note=f"max {worst:.1f} ms",
                               ratio_text=f"{old / median:.0f}× faster than the kernel explorer" if old == old else ""))
    print_table(["nb", "explorer", "site: median / max", "JupyterLab: median / max", "old kernel: median / max",
                 "old ÷ new", "≤ 16 ms median, < 50 ms max"], table)
    if first:
        print()
        print_table(["page", "first explorer live after", "first key's pixels after", "that key → pixels", "≤ 1 s"],
                    [[stem, f"{live:.0f} ms", f"{px:.0f} ms", f"{dt:.0f} ms", "met" if px <= 1000 else "NOT met"]
                     for stem, live, px, dt in first])
        for stem, live, px, dt in first:
            out.append(Row("browser", f"{stem[:2]} first explorer's response after page load", px, "ms",
                           target="≤ 1 s", met=px <= 1000, note=f"live after {live:.0f} ms, that key → pixels {dt:.0f} ms"))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=12, help="key presses per explorer (default 12)")
    parser.add_argument("--only", default="site,lab,kernel", help="comma list of site, lab, kernel")
    parser.add_argument("--notebooks", default="", help="comma list of notebook number prefixes, e.g. 05,08")
    parser.add_argument("--old-rev", default=OLD_REV, help=f"revision of the kernel explorers (default {OLD_REV})")
    parser.add_argument("--site", type=Path, help="an already built site folder (default: build one)")
    parser.add_argument("--settle", type=float, default=0.0,
                        help="JupyterLab: seconds between focusing a slider and the first press (default 0: "
                             "at once, as a reader does)")
    parser.add_argument("--json", help="write the rows here (for run_all.py)")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    notebooks = tuple(s for s in args.notebooks.split(",") if s)
    banner("Key press → new pixels: browser explorers vs the old kernel explorers")
    print_table(["machine", ""], [[k, v] for k, v in machine_facts().items()])
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS

    site, lab, kernel, first = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="lossnotes-bench-browser-") as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS, headless=True)
        try:
            if "site" in only:
                folder = args.site
                if folder is None:
                    import build_site

                    start = time.perf_counter()
                    folder = build_site.build_site(out=tmp / "site", langs=("en",))
                    folder = Path(folder) if folder else tmp / "site"
                    print(f"site built in {time.perf_counter() - start:.0f} s")
                site, first = site_rows(browser, folder, args.presses, notebooks)
            if "lab" in only:
                served = tmp / "new"
                shutil.copytree(ROOT / "notebooks", served / "notebooks")
                server = lab_server(served, tmp / "jupyter-new")
                try:
                    lab = lab_rows(browser, server, served, args.presses, notebooks, "lab", args.settle)
                finally:
                    server.stop()
            if "kernel" in only:
                old = old_tree(args.old_rev, tmp / "old")
                server = lab_server(old, tmp / "jupyter-old", pythonpath=old)
                try:
                    kernel = lab_rows(browser, server, old, args.presses, notebooks, "kernel")
                finally:
                    server.stop()
        finally:
            browser.close()
    rows = report(site, lab, kernel, first)
    met = [r.met for r in rows if r.met is not None]
    print(f"\n{sum(met)} of {len(met)} targets met")
    write_json(args.json, rows, machine_facts())
    return 0


if __name__ == "__main__":
    sys.exit(main())
