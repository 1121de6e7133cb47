"""Real-browser tests: every notebook runs in JupyterLab and its sliders redraw; the app runs in Voilà.

What a student does, in Debian's `chromium` driven by Playwright (`executable_path=
shutil.which("chromium")`; no browser is ever downloaded):

* JupyterLab (one server per test session, bound to 127.0.0.1 on a free port, empty token,
  serving a temporary copy of notebooks/ so nothing is ever written into the repository):
  for each notebook, open ``/lab/tree/notebooks/<name>?reset``, Edit → Clear Outputs of All
  Cells, Run → Run All Cells, wait until every code cell has an execution count and the kernel
  is idle, then check the outputs and move a slider with the keyboard (focus
  ``.widget-slider .noUi-handle``, ArrowRight, or ArrowLeft at the end of the range): the
  explorer's image (``img.widget-image``) must get a new ``src`` and its readout HTML must change.
  The tab is closed and the kernel shut down after each notebook.
* Voilà: the app notebook rendered by the JupyterLab server's Voilà extension (the Binder app
  link, ``/voila/render/notebooks/app.ipynb``) and by the standalone ``voila`` command
  (``make app``); a slider is moved the same way.

What counts as an error
-----------------------
* every output of type ``error`` (read from JupyterLab's notebook model, which, unlike the DOM,
  tells a raised exception from a stream: both render as ``application/vnd.jupyter.stderr``);
* a ``stderr`` *stream* only if it contains a Python traceback (a library that caught an exception
  and printed it).  Other stderr text (warnings) is reported but does not fail this test: nbval
  already compares every stream, stderr included, against the stored notebook, so a new warning
  fails there, while this test is about what the browser shows;
* a widget the front end could not display ("Error displaying widget", "Failed to load model
  class"): the front-end/kernel ipywidgets mismatch students hit on misconfigured installs;
* in Voilà, which has no notebook model: any stderr output that looks like a traceback or an
  exception line, and Voilà's own "There was an error when executing cell" message.

Without chromium or playwright these tests skip with a message saying how to get them; with
``CI=true`` (set by .ci/run) that is a failure.  On failure a screenshot is saved and its path
printed; set ``LOSSNOTES_SCREENSHOTS=<dir>`` to keep a screenshot of every moved explorer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

# The session's one chromium (`browser` fixture) and its flags are shared with the other browser tests.
from browser_explorers import axe_violations, drive_by_keyboard, drive_every_explorer
from conftest import CHROMIUM_ARGS  # noqa: F401 - re-exported for tests/test_hub.py

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
APP = "app.ipynb"
EXPLORER_MIME = "application/vnd.lossnotes.explorer+json"

# One JupyterLab server and one browser per worker: `make test` runs with --dist loadfile, so this
# whole file runs on one worker (the group mark does the same under --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NOTEBOOK_TIMEOUT_MS = 180_000  # open + run all cells of one notebook
REDRAW_TIMEOUT_MS = 10_000
JAVASCRIPT_ERRORS = re.compile(r"Error displaying widget|Failed to load model class|Failed to display Jupyter Widget")
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(?:Error|Exception)\b.*$", re.M)


# -- servers ------------------------------------------------------------------------------------
def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _jupyter_env(base):
    """Environment isolated from the user's Jupyter config, data (kernels) and runtime dirs."""
    env = dict(os.environ)
    for name in ("config", "data", "runtime"):
        (base / name).mkdir(parents=True, exist_ok=True)
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_DATA_DIR=str(base / "data"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_PATH", None)
    return env


# User settings for the test JupyterLab (and the hub's, tests/test_hub.py): never autosave, render
# every cell, start the notebook's kernel without a "Select Kernel" dialog, no news pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _lab_settings(folder):
    """Write LAB_SETTINGS as JupyterLab user settings into ``folder``."""
    for plugin, values in LAB_SETTINGS.items():
        path = folder / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


class Server:
    def __init__(self, args, cwd, env, log, url, ready_path=None):
        self.url, self.log = url, log
        self._log_file = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        while True:
            if self.proc.poll() is not None:
                self._log_file.close()
                raise RuntimeError(f"{args[2]} exited with {self.proc.returncode}; log: {log}\n{Path(log).read_text()[-3000:]}")
            try:
                if ready_path is None:  # Voilà renders (runs) the notebook on GET /: only check the port
                    host, port = url.rsplit("/", 1)[-1].split(":")
                    socket.create_connection((host, int(port)), timeout=5).close()
                    return
                with urllib.request.urlopen(url + ready_path, timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{args[2]} did not start in 90 s; log: {log}")
            time.sleep(0.3)

    def request(self, method, path):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()  # jupyter shuts its kernels down on SIGTERM
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log_file.close()


@pytest.fixture(scope="session")
def served_root(tmp_path_factory):
    """A copy of notebooks/ for the servers: running notebooks in a browser never touches the repository."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return root


@pytest.fixture(scope="session")
def lab(browser, served_root, tmp_path_factory):
    base = tmp_path_factory.mktemp("jupyter")
    _lab_settings(base / "settings")
    port = _free_port()
    args = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.open_browser=False",
        "--ServerApp.disable_check_xsrf=True",  # lets the fixture shut kernels down over REST
        f"--ServerApp.root_dir={served_root}",
        f"--LabApp.user_settings_dir={base / 'settings'}", f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: read output types from the model
    ]
    server = Server(args, served_root, _jupyter_env(base), base / "jupyterlab.log",
                    f"http://127.0.0.1:{port}", "/api/status")
    yield server
    server.stop()


@pytest.fixture
def page(browser, request):
    """A fresh tab; if the test fails with an unexpected exception, a screenshot is saved first."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    messages = []
    page.on("pageerror", lambda exc: messages.append(f"page error: {exc}"))
    page.on("console", lambda msg: messages.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" and "ERR_NAME_NOT_RESOLVED" not in msg.text else None)  # offline badges
    page.lossnotes_messages = messages
    yield page
    page.close()


class _ScreenshotOnError:
    """``with _ScreenshotOnError(page, name):`` saves a screenshot when an unexpected exception escapes."""

    def __init__(self, page, name):
        self.page, self.name = page, name

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and not isinstance(exc, (pytest.fail.Exception, pytest.skip.Exception)):
            path = _screenshot(self.page, self.name, "failure")
            print(f"{self.name}: {kind.__name__}: {exc}\nscreenshot: {path}")
        return False


_FAILURE_DIR = None


def _screenshot(page, name, kind):
    """Save a full-page screenshot; returns its path (printed, so that CI logs show it)."""
    global _FAILURE_DIR
    folder = os.environ.get("LOSSNOTES_SCREENSHOTS")
    if folder is None:
        _FAILURE_DIR = _FAILURE_DIR or tempfile.mkdtemp(prefix="lossnotes-browser-")
        folder = _FAILURE_DIR
    path = Path(folder) / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}-{kind}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as exc:  # noqa: BLE001 - a screenshot must never hide the real failure
        print(f"could not save screenshot {path}: {exc}")
        return None
    print(f"screenshot: {path}")
    return path


def _fail(page, name, message):
    path = _screenshot(page, name, "failure")
    details = "\n".join(page.lossnotes_messages[-10:])
    pytest.fail(f"{message}\nscreenshot: {path}\n{details}", pytrace=False)


# -- JupyterLab helpers -------------------------------------------------------------------------
def _menu(page, top, item):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(top)}$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")).first.click()


_KERNEL_IDLE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const indicator = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
  return !!indicator && indicator.dataset.status === 'idle';
}"""

_RUN_STATE = """(path) => {
  const app = window.jupyterapp;
  let panel = null;
  for (const w of app.shell.widgets('main')) { if (w.context && w.context.path === path) panel = w; }
  if (!panel) return {found: false};
  const prompts = [...panel.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(e => e.textContent.trim());
  const errors = [], stderr = [];
  let code = 0, pending = 0;
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') continue;
    code += 1;
    if (cell.sharedModel.getSource().trim() !== '' && cell.executionCount == null) pending += 1;
    for (let i = 0; i < cell.outputs.length; i++) {
      const out = cell.outputs.get(i).toJSON();
      if (out.output_type === 'error') errors.push(out.ename + ': ' + out.evalue);
      if (out.output_type === 'stream' && out.name === 'stderr') stderr.push([].concat(out.text).join(''));
    }
  }
  const indicator = panel.node.querySelector('.jp-Notebook-ExecutionIndicator');
  return {found: true, prompts, code, pending, errors, stderr,
          idle: !!indicator && indicator.dataset.status === 'idle'};
}"""


def _accept_kernel_dialog(page):
    """Accept a "Select Kernel" dialog (the notebook's own kernel), should JupyterLab still show one."""
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog.first.wait_for(state="visible", timeout=1_000)
    except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
        return
    dialog.first.click()


def _run_all(page, lab_url, name):
    path = f"notebooks/{name}"
    start = time.perf_counter()
    # "commit": do not wait for the load event, which waits for badge images from the internet.
    page.goto(f"{lab_url}/lab/tree/{path}?reset", wait_until="commit")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=NOTEBOOK_TIMEOUT_MS)
    _accept_kernel_dialog(page)
    page.wait_for_function(_KERNEL_IDLE, timeout=NOTEBOOK_TIMEOUT_MS)
    opened = time.perf_counter()
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')]"
        ".every(e => e.textContent.trim() === '[ ]:')"
    )
    state = _run_all_cells(page, path, NOTEBOOK_TIMEOUT_MS / 1000)
    if state["timed_out"]:
        _fail(page, name, f"{name}: cells still not executed after {NOTEBOOK_TIMEOUT_MS // 1000} s: {state['prompts']}")
    if not state["errors"]:
        print(f"{name}: opened in {opened - start:.1f} s, ran all cells in {time.perf_counter() - opened:.1f} s")
    return state


def _run_all_cells(page, path, timeout_s):
    """Run → Run All Cells on the open notebook at ``path``; poll JupyterLab's model until every cell
    has run and the kernel is idle, or Run All stopped at an error, or ``timeout_s`` passed.
    Returns the last state (see ``_RUN_STATE``) with ``timed_out`` set.  Also used by test_hub.py."""
    _menu(page, "Run", "Run All Cells")
    start = time.monotonic()
    deadline = start + timeout_s
    stable, retried = 0, False
    while True:
        state = page.evaluate(_RUN_STATE, path)
        assert state["found"], f"{path} is not open in JupyterLab"
        busy = any(p == "[*]:" for p in state["prompts"])
        # On a loaded machine the menu click can land before the menu is ready: nothing queued,
        # nothing run after 15 s on an idle kernel.  Run All once more (running twice is harmless).
        if (not retried and time.monotonic() - start > 15 and not busy and state["idle"]
                and all(p == "[ ]:" for p in state["prompts"])):
            print(f"{path}: Run All did not start; clicking it again")
            _menu(page, "Run", "Run All Cells")
            retried = True
        done = state["pending"] == 0 and not busy
        stable = stable + 1 if (done and state["idle"]) else 0
        # Run All stops at the first error: report it now.
        state["timed_out"] = time.monotonic() > deadline
        if (state["errors"] and not busy) or stable >= 2 or state["timed_out"]:
            return state
        time.sleep(0.25)


def _check_outputs(page, name, errors, stderr):
    problems = [f"error output: {e}" for e in errors]
    problems += [f"traceback on stderr: {s[:500]}" for s in stderr if "Traceback (most recent call last)" in s]
    rendered = page.locator(".jp-OutputArea-output").all_inner_texts()
    problems += [f"widget not displayed: {t[:300]}" for t in rendered if JAVASCRIPT_ERRORS.search(t)]
    if problems:
        _fail(page, name, f"{name}:\n" + "\n".join(problems))
    for s in stderr:
        print(f"{name}: stderr (not an error): {s[:300]}")


def _explorer_state(area):
    return {
        "images": [img.get_attribute("src") for img in area.locator("img.widget-image").all()],
        "html": area.locator(".widget-html-content").all_inner_texts(),
    }


def _move_a_slider(page, name, scope=".jp-OutputArea-output"):
    """Move the first slider that belongs to an explorer; return (area, before, after, ms).

    A notebook whose explorers all run in the browser has no kernel slider: its first browser
    explorer is driven by keyboard instead (its readouts must equal readouts(state) after the step),
    and ``before``/``after`` hold its readout texts under ``"html"``."""
    handles = page.locator(f"{scope} .widget-slider .noUi-handle")
    if handles.count() == 0 and page.locator(f"{scope} [data-explorer]").count():
        root = page.locator(f"{scope} [data-explorer]").first
        before = {"images": [], "html": root.locator("[aria-live]").all_inner_texts()}
        ms = drive_by_keyboard(page, root, presses=1)[0]
        return root, before, {"images": [], "html": root.locator("[aria-live]").all_inner_texts()}, ms
    if handles.count() == 0:
        _fail(page, name, f"{name}: no slider was displayed (widgets did not render?)")
    container = (f"xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' {scope[1:]} ')][1]"
                 if scope.startswith(".") else "xpath=ancestor::body[1]")
    for i in range(min(handles.count(), 6)):
        handle = handles.nth(i)
        area = handle.locator(container)
        if area.locator("img.widget-image").count() == 0:
            continue  # a slider that is not part of an explorer
        readout = handle.locator("xpath=ancestor::*[contains(@class, 'widget-slider')][1]").locator(".widget-readout")
        before = _explorer_state(area)
        value = readout.inner_text()
        handle.scroll_into_view_if_needed()
        handle.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function("([el, v]) => el.textContent.trim() !== v", arg=[readout.element_handle(), value],
                                   timeout=2_000)
        except Exception:  # noqa: BLE001 - at the top of its range: go the other way
            start = time.perf_counter()
            page.keyboard.press("ArrowLeft")
        try:
            page.wait_for_function(
                "([el, srcs]) => { const now = [...el.querySelectorAll('img.widget-image')].map(i => i.getAttribute('src'));"
                " return now.some((s, k) => s !== srcs[k]); }",
                arg=[area.element_handle(), before["images"]], timeout=REDRAW_TIMEOUT_MS,
            )
        except Exception:  # noqa: BLE001
            _fail(page, name, f"{name}: moving a slider ({value}) did not redraw the explorer's image")
        ms = (time.perf_counter() - start) * 1000
        page.wait_for_timeout(300)  # let the readout HTML that follows the frame arrive
        after = _explorer_state(area)
        if after["html"] == before["html"]:
            _fail(page, name, f"{name}: the image redrew but no readout changed: {before['html']}")
        if os.environ.get("LOSSNOTES_SCREENSHOTS"):
            path = Path(os.environ["LOSSNOTES_SCREENSHOTS"]) / f"{name}-slider-moved.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            area.screenshot(path=str(path))
            print(f"screenshot: {path}")
        return area, before, after, ms
    _fail(page, name, f"{name}: no slider belongs to an explorer with an image")


def _shutdown_kernels(server):
    for session in server.request("GET", "/api/sessions"):
        server.request("DELETE", f"/api/sessions/{session['id']}")


# -- the tests ----------------------------------------------------------------------------------
def _kernel_sliders(page, scope=".jp-OutputArea-output"):
    """How many sliders of explorers drawn by the kernel (matplotlib) the page shows."""
    return page.locator(f"{scope} .widget-slider .noUi-handle").count()


_KERNEL_STATES = """async ([path, name]) => {
  // Ask the notebook's kernel for the state of every live explorer of class `name` (as Python sees it).
  let panel = null;
  for (const w of window.jupyterapp.shell.widgets('main')) { if (w.context && w.context.path === path) panel = w; }
  // ipywidgets keeps its live widgets in widgets.widget._instances (Widget.widgets, deprecated in 8).
  const code = 'import json as _j\\nfrom ipywidgets.widgets.widget import _instances as _i\\n'
    + 'print(_j.dumps([w.full_state for w in list(_i.values()) if type(w).__name__ == ' + JSON.stringify(name) + ']))';
  const future = panel.sessionContext.session.kernel.requestExecute({ code, store_history: false });
  let out = '';
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""


def _kernel_follows_the_browser(page, name):
    """A key press on an explorer reaches the kernel's copy of its parameters (what ``explorer.p``
    reads in Python) once the focus leaves the slider, before any cell run next: the kernel is asked
    at once, on the same channel, and must already have the state the page shows."""
    root = page.locator(".jp-OutputArea-output [data-explorer]").first
    root.scroll_into_view_if_needed()
    cls = root.get_attribute("data-explorer")
    drive_by_keyboard(page, root, presses=1)  # one key press on the first slider, which keeps the focus
    shown = json.loads(root.get_attribute("data-state"))
    root.locator("input[type=range]").first.blur()
    out = page.evaluate(_KERNEL_STATES, [f"notebooks/{name}", cls])
    assert not out.startswith("ERROR"), out
    kernel = [{k: s.get(k) for k in shown} for s in json.loads(out)]
    assert shown in kernel, f"{name}: the kernel's {cls} states {kernel} lack the page's {shown}"


# The running cursor-blink animations of the notebook's editors: for each, whether its editor has the focus.
_CURSOR_BLINKS = """() => document.getAnimations()
  .filter((a) => a.playState === 'running' && a.effect && a.effect.target
          && a.effect.target.classList.contains('cm-cursorLayer'))
  .map((a) => !!a.effect.target.closest('.cm-focused'))"""


def _editors_rest_while_an_explorer_has_the_focus(page, name):
    """When the active cell changes, JupyterLab resets the cursor of every other cell's editor and
    CodeMirror restarts each one's blink animation: some 20 animations of cursors that unfocused
    editors do not draw, which keep the page drawing 60 frames a second for 1.2 s, so that a key
    press on an explorer waits for the next frame.  The explorers' stylesheet stops those in
    unfocused editors: with the focus in a code cell only its own cursor blinks, and once the focus
    enters an explorer (whose cell becomes the active one) no cursor animation runs at all."""
    page.locator(".jp-CodeCell .cm-content").first.click()
    page.wait_for_function(f"() => ({_CURSOR_BLINKS})().includes(true)", timeout=10_000)  # CodeMirror has the focus
    assert page.evaluate(_CURSOR_BLINKS) == [True], f"{name}: only the focused editor's cursor should blink"
    page.keyboard.press("Escape")
    slider = page.locator(".jp-OutputArea-output [data-explorer] input[type=range]").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    assert page.locator(".jp-Cell.jp-mod-active [data-explorer] input[type=range]").count(), \
        f"{name}: the explorer's cell did not become the active cell"
    assert page.evaluate(_CURSOR_BLINKS) == [], f"{name}: editors' cursor animations restarted"


def _explorers_without_a_kernel(page, server, name, scope=".jp-OutputArea-output"):
    """Shut every kernel down, then drive each browser explorer by keyboard: every step redraws in
    the browser and shows exactly readouts(state).  axe finds no WCAG 2.1 A/AA violation in the
    explorers' output areas (JupyterLab's own interface is not ours to fix, and not checked).
    Returns {explorer: [ms per step]}."""
    page.locator(f"{scope} [data-explorer]").first.wait_for()
    _shutdown_kernels(server)
    assert server.request("GET", "/api/kernels") == []
    page.wait_for_function("() => { const i = document.querySelector('.jp-Notebook-ExecutionIndicator');"
                           " return !i || i.dataset.status !== 'idle'; }", timeout=20_000)
    times = drive_every_explorer(page, scope=scope)
    page.evaluate(f"(s) => document.querySelectorAll(s).forEach(el => el.closest('{scope}').setAttribute('data-axe-scope', ''))",
                  f"{scope} [data-explorer]")
    violations = axe_violations(page, include="[data-axe-scope]")
    assert violations == [], violations
    print(f"{name}: without a kernel, " + ", ".join(f"{k} {[round(t) for t in v]} ms" for k, v in times.items()))
    return times


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_its_explorers_work_in_jupyterlab(name, lab, page):
    """Run All; then any kernel explorer redraws on a slider step, and after the kernel is shut down
    every browser explorer still works by keyboard and shows readouts(state)."""
    try:
        with _ScreenshotOnError(page, name):
            state = _run_all(page, lab.url, name)
            _check_outputs(page, name, state["errors"], state["stderr"])
            cells = nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
            code_cells = sum(c.cell_type == "code" for c in cells)
            assert state["code"] == len(state["prompts"]) == code_cells, "every code cell must be rendered and run"
            browser_explorers = page.locator(".jp-OutputArea-output [data-explorer]").count()
            assert _kernel_sliders(page) or browser_explorers, f"{name}: no explorer was displayed"
            if _kernel_sliders(page):
                _, before, after, ms = _move_a_slider(page, name)
                print(f"{name}: one kernel slider step redrew in {ms:.0f} ms; readout {before['html']} -> {after['html']}")
            if browser_explorers:
                _editors_rest_while_an_explorer_has_the_focus(page, name)
                _kernel_follows_the_browser(page, name)
                _explorers_without_a_kernel(page, lab, name)
    finally:
        page.goto("about:blank")  # close the tab's kernel connections first
        _shutdown_kernels(lab)


def _check_voila(page, name, url, notebook=None):
    """Open the app in Voilà; every explorer renders, none shows code or an error; kernel explorers
    redraw on a slider step, and every browser explorer is driven by keyboard (readouts(state))
    with no WCAG 2.1 A/AA violation on the page.  Returns the step times in ms."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    # Voilà runs the whole notebook before it shows it; then every explorer is on the page.
    nb = nbformat.read(notebook or ROOT / "notebooks" / APP, as_version=4)
    outputs = [out.get("data", {}) for c in nb.cells if c.cell_type == "code" for out in c.outputs]
    live = sum(EXPLORER_MIME in d for d in outputs)
    kernel = sum("image/png" in d and EXPLORER_MIME not in d for d in outputs)  # kernel explorers draw an <img>
    try:
        page.wait_for_function(f"() => document.querySelectorAll('img.widget-image').length >= {kernel}"
                               f" && document.querySelectorAll('[data-explorer]').length >= {live}",
                               timeout=NOTEBOOK_TIMEOUT_MS)
    except Exception:  # noqa: BLE001 - reported below, with what was rendered
        pass
    text = page.evaluate("() => document.body.innerText")
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    problems = [s[:500] for s in stderr if TRACEBACK.search(s)]
    if "There was an error when executing cell" in text or JAVASCRIPT_ERRORS.search(text):
        problems.append(text[:1000])
    if problems:
        _fail(page, name, f"{url}:\n" + "\n".join(problems))
    images = page.locator("img.widget-image").count()
    shown = page.locator("[data-explorer]").count()
    print(f"{name}: rendered {images} kernel and {shown} browser explorers in {time.perf_counter() - start:.1f} s")
    if images < kernel or shown < live:
        _fail(page, name, f"{url}: {images} kernel / {shown} browser explorers rendered, expected {kernel} / {live}")
    assert "app_view(" not in text, "Voilà must not show code"
    times = []
    if kernel:
        times.append(_move_a_slider(page, name)[3])
    if live:
        times += [t for ts in drive_every_explorer(page).values() for t in ts]
        violations = axe_violations(page)
        assert violations == [], violations
    return times


def test_app_in_voila_on_the_jupyterlab_server(lab, page):
    # The Binder app link (?urlpath=voila/render/notebooks/app.ipynb): Voilà's server extension.
    name = "voila-extension"
    try:
        with _ScreenshotOnError(page, name):
            ms = _check_voila(page, name, f"{lab.url}/voila/render/notebooks/{APP}")
            print(f"{name}: steps redrew in {[round(t) for t in ms]} ms")
    finally:
        page.goto("about:blank")
        _shutdown_kernels(lab)


def test_app_in_standalone_voila_as_make_app(browser, served_root, tmp_path, page):
    # `make app` runs `voila notebooks/app.ipynb`; here without opening a browser, on a free port.
    name = "voila-standalone"
    port = _free_port()
    args = [sys.executable, "-m", "voila", f"notebooks/{APP}", "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.show_tracebacks=True"]
    server = Server(args, served_root, _jupyter_env(tmp_path), tmp_path / "voila.log", f"http://127.0.0.1:{port}")
    try:
        with _ScreenshotOnError(page, name):
            ms = _check_voila(page, name, f"{server.url}/")
            print(f"{name}: steps redrew in {[round(t) for t in ms]} ms")
    finally:
        page.goto("about:blank")  # without open connections Voilà stops in seconds
        server.stop()
