"""A class of three on a real JupyterHub, with nbgitpuller and the idle culler (docs/hub.md).

The hub is JupyterHub's own engine, started here (tests/hub/harness.py): ``jupyterhub`` bound to
127.0.0.1 on free ports, the dummy authenticator, ``SimpleLocalProcessSpawner`` (homes under a
temporary directory), ``configurable-http-proxy`` from the project-local npm install (``make
hub-env``), ``jupyterhub-idle-culler`` as a hub service, and nbgitpuller in the single-user
servers, pulling the course from a local git repository made from this checkout's notebook 01.

* alice and carol use the kernel protocol (REST + websocket through the proxy with an API token);
  bob uses chromium (JupyterLab: Run All, then an explorer driven by keyboard: it redraws in the
  browser and shows exactly ``readouts(state)``).
* Each logs in, follows the nbgitpuller link, runs notebook 01 top to bottom and moves a slider.
  The explorers run in the browser, so a step reaches the kernel only as the new parameter value
  (for Python to read); the kernel-protocol students send exactly that message and the kernel
  must confirm it (``echo_update``).
* alice edits a cell and saves; the course gets a new commit; alice clicks the link again: her
  edit survives and the instructor's commit arrives (nbgitpuller's automatic merge).
* carol's kernel is killed: alice and bob go on unaffected; carol restarts her kernel and continues.
* carol leaves (closes her connection); the idle culler stops her server, and only hers.

Everything is stopped in a ``finally`` (the hub, its servers and kernels, the proxy, the culler),
and the test checks that no process of this hub survives.  Runs in ``make test`` (marked ``hub``);
``-m "not hub"`` deselects it.
"""

from __future__ import annotations

import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from conftest import unavailable as _unavailable  # skip locally, fail in CI
from test_browser import LAB_SETTINGS  # the same JupyterLab settings as the browser tests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hub_link  # noqa: E402
from hub.harness import COURSE_DIR, Hub, KernelStudent, find_chp, git, make_course_repo  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub")]

NOTEBOOK = "01_self_information.ipynb"  # a short notebook with two explorers
EXPLORERS = 2  # its AdditivityExplorer and SelfInformationExplorer (anywidgets)
EDITED_CELL, TITLE_CELL = "1458984c", "977b9065"  # a code cell alice edits; the title cell the instructor edits
PATH = f"{COURSE_DIR}/notebooks/{NOTEBOOK}"
CULL_TIMEOUT = 30  # seconds idle before the culler stops a server (production: 3600)


class KeepAlive:
    """What an open JupyterLab tab does: an API request every few seconds, until ``stop()``."""

    def __init__(self, student, every=3.0):
        self.student, self.every = student, every
        self._stop = threading.Event()
        self.errors = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(self.every):
            try:
                self.student.touch()
            except Exception as exc:  # noqa: BLE001 - reported by the test
                self.errors.append(repr(exc))

    def stop(self):
        self._stop.set()
        self._thread.join(10)


# -- the class ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def classroom(tmp_path_factory, browser):
    if find_chp() is None:
        _unavailable("configurable-http-proxy is missing: `make hub-env` installs it into .hub/ (npm)")
    base = tmp_path_factory.mktemp("hub")
    course = make_course_repo(base / "course", (NOTEBOOK,))
    hub = Hub(base / "state", cull_timeout=CULL_TIMEOUT, cull_every=5, activity_interval=5,
              lab_settings=LAB_SETTINGS)
    room = {"hub": hub, "course": course, "students": {}, "keepalive": {}, "browser": browser, "page": None}
    try:
        room["link"] = hub_link.build_link(hub.url, NOTEBOOK[:2], repo=str(course), branch="main")
        yield room
    finally:
        for k in room["keepalive"].values():
            k.stop()
        for s in room["students"].values():
            s.close()
        try:
            if room["page"] is not None:
                room["page"].close()  # the browser itself is the session's (tests/conftest.py)
        finally:
            hub.stop()
        left = [(p.pid, p.name()) for p in hub.processes()]
        assert not left, f"processes of the test hub survived: {left}"


def _join(room, name):
    """A kernel-protocol student logs in, follows the link, opens the notebook's kernel."""
    s = KernelStudent(room["hub"], name)
    room["students"][name] = s
    s.login()
    events = s.follow_link(room["link"])
    room["keepalive"][name] = KeepAlive(s)
    assert events[-1]["phase"] == "finished"
    s.start_kernel(PATH)
    return s


def _run_and_move(s):
    cells = s.run_notebook(PATH)
    assert cells >= 3
    explorers = s.explorers()
    assert len(explorers) == EXPLORERS and all(state.get("_esm") for state in explorers.values()), \
        f"running the notebook displays its {EXPLORERS} explorers, each with its ES module"
    ms = s.move_explorer()
    print(f"{s.name}: notebook run; a slider step's value reached Python in {ms:.0f} ms")
    return ms


def _browser(room):
    """bob's tab, in the session's one chromium (the `browser` fixture of tests/conftest.py)."""
    page = room["browser"].new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.lossnotes_messages = []
    page.on("pageerror", lambda exc: page.lossnotes_messages.append(f"page error: {exc}"))
    return page


def _browser_join_and_run(room, name):
    """bob: the hub's login form and the nbgitpuller link in chromium, then Run All and a slider."""
    from test_browser import _accept_kernel_dialog, _check_outputs, _move_a_slider, _run_all_cells

    hub = room["hub"]
    page = room["page"] = _browser(room)
    page.goto(f"{hub.url}/hub/login", wait_until="domcontentloaded")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "class-password")
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r".*/hub/(home|spawn|user/|spawn-pending).*|.*/user/.*"), timeout=60_000)
    # The link: spawn, nbgitpuller's status page, then JupyterLab with the notebook open.
    page.goto(room["link"], wait_until="commit")
    page.wait_for_url(re.compile(rf".*/user/{name}/lab/tree/{re.escape(PATH)}.*"), timeout=180_000)
    student = KernelStudent(hub, name)  # for the keep-alive and for checks over REST
    student.token = hub.token_for(name)
    room["students"][name] = student
    room["keepalive"][name] = KeepAlive(student)
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
    # The kernel has started when the notebook's session has a kernel that is idle.
    page.wait_for_function("""(path) => { const app = window.jupyterapp; if (!app) return false;
        for (const w of app.shell.widgets('main')) {
          if (w.context && w.context.path === path) {
            const k = w.sessionContext.session && w.sessionContext.session.kernel;
            return !!k && k.status === 'idle' && k.connectionStatus === 'connected'; } }
        return false; }""", arg=PATH, timeout=120_000)
    _accept_kernel_dialog(page)
    state = _run_all_cells(page, PATH, 180)
    assert not state["timed_out"], f"bob: cells still running after 180 s: {state['prompts']}"
    _check_outputs(page, f"hub-{name}", state["errors"], state["stderr"])
    return _move_a_slider(page, f"hub-{name}")


def _assert_running(hub, *names):
    for name in names:
        assert hub.server_running(name), f"{name}'s server is not running:\n{hub.log_tail()}"


# -- the test ---------------------------------------------------------------------------------------
def test_a_class_of_three_on_jupyterhub(classroom):
    room, hub = classroom, classroom["hub"]
    t0 = time.monotonic()

    # 1. Three students log in, follow the nbgitpuller link, run notebook 01 and move a slider.
    alice = _join(room, "alice")
    carol = _join(room, "carol")
    for s in (alice, carol):
        home = hub.state / "home" / s.name / COURSE_DIR
        assert (home / ".git").is_dir() and (home / "notebooks" / NOTEBOOK).is_file(), "nbgitpuller cloned the course"
        _run_and_move(s)
    _, before, after, ms = _browser_join_and_run(room, "bob")
    print(f"bob (chromium): a keyboard step redrew in {ms:.0f} ms; readout {before['html']} -> {after['html']}")
    _assert_running(hub, "alice", "bob", "carol")
    print(f"three students joined and ran notebook {NOTEBOOK[:2]} in {time.monotonic() - t0:.0f} s")

    # 2. alice edits a cell and saves; the instructor commits; alice clicks the link again.
    model = alice.rest("GET", f"/api/contents/{urllib.parse.quote(PATH)}?content=1")
    mine = "print('alice was here: my own experiment')"
    cell = next(c for c in model["content"]["cells"] if c.get("id") == EDITED_CELL)
    cell["source"] = "".join(cell["source"]) + "\n" + mine
    alice.rest("PUT", f"/api/contents/{urllib.parse.quote(PATH)}",
               json={"type": "notebook", "format": "json", "content": model["content"]})
    course = room["course"]
    nb = nbformat.read(course / "notebooks" / NOTEBOOK, as_version=4)
    title = next(c for c in nb.cells if c.id == TITLE_CELL)
    update = "*Update from your instructor: office hours moved to Thursday.*"
    title.source += "\n\n" + update
    nbformat.write(nb, course / "notebooks" / NOTEBOOK)
    (course / "notebooks" / "week2.md").write_text("# Week 2\n\nRead notebook 01 before class.\n", encoding="utf-8")
    git("add", "-A", cwd=course)
    git("commit", "-q", "-m", "week 2", cwd=course)
    alice.follow_link(room["link"])
    pulled = alice.rest("GET", f"/api/contents/{urllib.parse.quote(PATH)}?content=1")["content"]
    nbformat.validate(nbformat.from_dict(pulled))
    sources = {c["id"]: "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in pulled["cells"]}
    assert mine in sources[EDITED_CELL], "alice's edit must survive the pull"
    assert update in sources[TITLE_CELL], "the instructor's new commit must arrive"
    assert alice.rest("GET", f"/api/contents/{COURSE_DIR}/notebooks/week2.md?content=0")["type"] == "file"
    log = git("log", "--format=%s", cwd=hub.state / "home" / "alice" / COURSE_DIR)
    assert "week 2" in log and "Automatic commit by nbgitpuller" in log, log

    # 3. carol's kernel is killed: alice and bob go on; carol restarts and continues.
    import psutil

    pid = carol.kernel_pid()
    assert pid is not None, "carol's kernel process not found"
    psutil.Process(pid).kill()
    psutil.Process(pid).wait(10) if psutil.pid_exists(pid) else None
    alice.move_explorer()  # alice's kernel still takes her explorer's steps
    from test_browser import _move_a_slider

    _move_a_slider(room["page"], "hub-bob-after-kill")
    carol.restart_kernel()
    new_pid = carol.kernel_pid()
    assert new_pid not in (None, pid), "carol's kernel must be a new process after the restart"
    _run_and_move(carol)
    _assert_running(hub, "alice", "bob", "carol")

    # 4. carol leaves; the idle culler stops her server, and only hers.
    room["keepalive"].pop("carol").stop()
    carol.close()
    left = time.monotonic()
    deadline = left + CULL_TIMEOUT + 90
    while hub.server_running("carol"):
        assert time.monotonic() < deadline, f"the idle culler did not stop carol's server:\n{hub.log_tail()}"
        time.sleep(2)
    print(f"idle culler stopped carol's server {time.monotonic() - left:.0f} s after she left")
    _assert_running(hub, "alice", "bob")
    for name, k in room["keepalive"].items():
        assert not k.errors, f"{name}'s open tab saw errors: {k.errors[:3]}"
    alice.move_explorer()
    print(f"whole class scenario: {time.monotonic() - t0:.0f} s")
