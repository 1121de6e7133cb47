"""Run a real JupyterHub on loopback, with simulated students, for tests and benchmarks.

Everything here is JupyterHub's own engine, configured the way a small TLJH-like hub is:

* ``jupyterhub`` (pip) bound to 127.0.0.1 on free ports, with the *dummy* authenticator
  (any user name, one shared password) and ``SimpleLocalProcessSpawner`` (every student's home
  is a folder under the temporary state directory; single-user servers run ``--allow-root``
  when the tests run as root);
* ``configurable-http-proxy`` from the project-local npm install (``make hub-env`` puts it in
  ``.hub/node_modules``; ``CHP`` below finds it, or one on PATH);
* ``jupyterhub-idle-culler`` as a hub service (short timeout for the test, with short activity
  intervals so that students who keep working are never culled);
* ``nbgitpuller`` in the single-user servers (enabled by its own ``jupyter_server_config.d`` file
  in the virtual environment), pulling the course from a local git repository.

All state (database, cookie secret, proxy token, logs, homes, Jupyter config/runtime dirs) lives
in one temporary directory.  Every process started carries ``LOSSNOTES_HUB_MARK=<that dir>`` in
its environment, so :meth:`Hub.stop` can find and kill anything left over, even orphans.

Students:

* :class:`KernelStudent` logs in through the hub's login form, follows an nbgitpuller link
  (the hub's redirects, spawn and the nbgitpuller status page), runs the pull the way that page's
  JavaScript does (``/git-pull/api``, an event stream), then talks to its kernel over the
  Jupyter kernel protocol (REST + websocket through the proxy, with an API token).  It moves a
  slider the way the browser does: a ``comm_msg`` *update* of the slider model's ``value``; the
  new picture is the ``ImageModel`` update (PNG bytes in a binary buffer) that comes back.
* The browser student lives in tests/test_hub.py (Playwright, chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import psutil
import requests
import websocket  # websocket-client

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "class-password"
COURSE_DIR = "lossnotes"  # nbgitpuller's targetpath: the course's folder in each student's home
MARK = "LOSSNOTES_HUB_MARK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chp():
    """The configurable-http-proxy binary: the project-local npm install, else one on PATH."""
    local = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


# -- the course repository ----------------------------------------------------------------------
def git(*args, cwd):
    return subprocess.run(["git", "-c", "user.name=Instructor", "-c", "user.email=instructor@example.edu",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def make_course_repo(dest, notebooks=("00_start_here.ipynb",)):
    """A git repository laid out like this one (notebooks/, notebooks/zh/), on branch ``main``.

    Only the notebooks named are copied (and their Chinese editions when they exist): the kernel
    imports lossnotes from the installed package, as on a hub whose image installed it.
    """
    dest = Path(dest)
    (dest / "notebooks" / "zh").mkdir(parents=True)
    for name in notebooks:
        shutil.copy2(ROOT / "notebooks" / name, dest / "notebooks" / name)
        if (ROOT / "notebooks" / "zh" / name).exists():
            shutil.copy2(ROOT / "notebooks" / "zh" / name, dest / "notebooks" / "zh" / name)
    shutil.copy2(ROOT / "notebooks" / "glossary.md", dest / "notebooks" / "glossary.md")
    git("init", "-q", "-b", "main", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "course as handed out", cwd=dest)
    return dest


# -- the hub ------------------------------------------------------------------------------------
_CONFIG = '''
import sys
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{state}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{state}/jupyterhub.pid"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.ConfigurableHTTPProxy.pid_file = "{state}/jupyterhub-proxy.pid"
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set()
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{state}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {start_timeout}
c.Spawner.http_timeout = {start_timeout}
c.Spawner.environment = {environment!r}
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND"]
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
# Activity: short intervals so that the culler sees active students as active.
c.JupyterHub.last_activity_interval = {activity_interval}
c.JupyterHub.activity_resolution = 1
c.JupyterHub.services = [
    {{"name": "driver", "api_token": {driver_token!r}}},
    {{"name": "idle-culler",
      "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                  "--timeout={cull_timeout}", "--cull-every={cull_every}", "--concurrency=10"],
      "environment": {{"{mark}": "{state}"}}}},
]
c.JupyterHub.load_roles = [
    {{"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
      "services": ["idle-culler"]}},
    {{"name": "driver", "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
      "services": ["driver"]}},
]
'''


class Hub:
    """A JupyterHub on 127.0.0.1 whose whole state lives in ``state`` (a temporary directory).

    Use as a context manager, or call :meth:`stop` in a ``finally``: it stops the hub (which stops
    the single-user servers, the proxy and the culler), then kills any process still carrying this
    hub's mark, orphans included.
    """

    def __init__(self, state, *, cull_timeout=600, cull_every=60, activity_interval=5, start_timeout=120,
                 lab_settings=None):
        self.state = Path(state)
        self.state.mkdir(parents=True, exist_ok=True)
        chp = find_chp()
        if chp is None:
            raise FileNotFoundError("configurable-http-proxy not found: run `make hub-env` "
                                    "(npm install configurable-http-proxy@5 into .hub/)")
        self.port, self.hub_port, self.proxy_api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.driver_token = uuid.uuid4().hex
        jupyter = self.state / "jupyter"
        for name in ("config", "data"):
            (jupyter / name).mkdir(parents=True, exist_ok=True)
        server_config = {"LabApp": {"expose_app_in_browser": True,
                                    "user_settings_dir": str(jupyter / "lab-settings"),
                                    "workspaces_dir": str(jupyter / "lab-workspaces")},
                         "ServerApp": {"open_browser": False}}
        (jupyter / "config" / "jupyter_server_config.json").write_text(json.dumps(server_config))
        for plugin, values in (lab_settings or {}).items():
            path = jupyter / "lab-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        environment = {
            MARK: str(self.state),
            "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
            "JUPYTER_DATA_DIR": str(jupyter / "data"),
            # Activity reports from each single-user server to the hub (default 300 s).
            "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_interval),
            "PYTHONUNBUFFERED": "1",
        }
        args = ["--allow-root"] if os.geteuid() == 0 else []
        config = _CONFIG.format(
            port=self.port, hub_port=self.hub_port, proxy_api_port=self.proxy_api_port, state=self.state,
            chp=chp, proxy_token=uuid.uuid4().hex, password=PASSWORD,
            singleuser=str(Path(sys.executable).parent / "jupyterhub-singleuser"), args=args,
            environment=environment, start_timeout=start_timeout, activity_interval=activity_interval,
            mark=MARK, driver_token=self.driver_token, cull_timeout=cull_timeout, cull_every=cull_every)
        (self.state / "jupyterhub_config.py").write_text(textwrap.dedent(config))
        env = dict(os.environ)
        env[MARK] = str(self.state)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.log = self.state / "jupyterhub.log"
        self._log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(self.state / "jupyterhub_config.py")],
                                     cwd=self.state, env=env, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            self._wait_up()
        except BaseException:
            self.stop()
            raise

    def _wait_up(self, timeout=90):
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyterhub did not answer in {timeout} s:\n{self.log_tail()}")
            time.sleep(0.3)

    def log_tail(self, chars=4000):
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- the hub's REST API, as the "driver" service ------------------------------------------
    def api(self, method, path, **kwargs):
        r = requests.request(method, f"{self.url}/hub/api{path}",
                             headers={"Authorization": f"token {self.driver_token}"}, timeout=60, **kwargs)
        r.raise_for_status()
        return r.json() if r.content else None

    def user(self, name):
        return self.api("GET", f"/users/{name}")

    def server_running(self, name):
        server = self.user(name)["servers"].get("")
        return bool(server and server.get("ready"))

    def token_for(self, name):
        """An API token of the student's own (scopes: what the student may do, i.e. their server)."""
        return self.api("POST", f"/users/{name}/tokens", json={"note": "test client", "expires_in": 3600})["token"]

    # -- processes -------------------------------------------------------------------------------
    def processes(self):
        """Every live process started for this hub (hub, proxy, culler, servers, kernels)."""
        found = []
        for p in psutil.process_iter(["pid"]):
            try:
                if p.pid != os.getpid() and p.environ().get(MARK) == str(self.state):
                    found.append(p)
            except (psutil.Error, OSError):
                continue
        return found

    def stop(self):
        leftovers = set()
        try:
            leftovers = {p.pid for p in self.processes()}
        except Exception:  # noqa: BLE001 - cleanup must go on
            pass
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops servers (cleanup_servers) and the proxy
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        for p in self.processes():
            leftovers.add(p.pid)
        for pid in leftovers:
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                pass
        if not self._log_file.closed:
            self._log_file.close()


# -- a student on the kernel protocol -----------------------------------------------------------
class KernelStudent:
    """A student whose browser is a Python client: hub login, nbgitpuller, REST + kernel websocket."""

    def __init__(self, hub, name):
        self.hub, self.name = hub, name
        self.session = requests.Session()
        self.token = None
        self.kernel_id = None
        self.ws = None
        self.comms = {}  # comm_id -> widget model state (from comm_open / updates)
        self.session_id = uuid.uuid4().hex
        self._lock = threading.Lock()
        self.server_url = f"{hub.url}/user/{name}"

    # login and spawn
    def login(self):
        r = self.session.get(f"{self.hub.url}/hub/login", timeout=30)
        r.raise_for_status()
        xsrf = self.session.cookies.get("_xsrf", path="/hub/") or self.session.cookies.get("_xsrf")
        r = self.session.post(f"{self.hub.url}/hub/login", data={"username": self.name, "password": PASSWORD, "_xsrf": xsrf},
                              allow_redirects=False, timeout=30)
        if r.status_code != 302:
            raise RuntimeError(f"{self.name}: login failed with HTTP {r.status_code}: {r.text[:300]}")
        self.token = self.hub.token_for(self.name)

    def follow_link(self, link, timeout=180):
        """Follow an nbgitpuller link like a browser: hub redirects, spawn, then the pull itself.

        Returns the event-stream messages of the pull (the status page's JavaScript reads the same).
        """
        r = self.session.get(link, timeout=timeout)  # /hub/user-redirect/... -> spawn -> pending page
        deadline = time.monotonic() + timeout
        while not self.hub.server_running(self.name):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: server did not start in {timeout} s\n{self.hub.log_tail()}")
            time.sleep(0.5)
        r = self.session.get(link, timeout=timeout)  # now: OAuth with the server, then nbgitpuller's page
        r.raise_for_status()
        if "git-pull" not in r.url or "nbgitpuller" not in r.text.lower():
            raise RuntimeError(f"{self.name}: the link did not reach nbgitpuller's page: {r.url}")
        query = urllib.parse.urlsplit(r.url).query
        return self.pull(query)

    def pull(self, query):
        """Run nbgitpuller's pull (``/git-pull/api?<query>``) and return its event messages."""
        r = requests.get(f"{self.server_url}/git-pull/api?{query}", headers=self._auth(), stream=True, timeout=180)
        r.raise_for_status()
        events = []
        for line in r.iter_lines(decode_unicode=True):
            if line and line.startswith("data:"):
                event = json.loads(line[5:])
                events.append(event)
                if event.get("phase") in ("finished", "error"):
                    break
        r.close()
        if not events or events[-1].get("phase") != "finished":
            raise RuntimeError(f"{self.name}: nbgitpuller failed: {events[-3:]}")
        return events

    def _auth(self):
        return {"Authorization": f"token {self.token}"}

    def rest(self, method, path, **kwargs):
        r = requests.request(method, f"{self.server_url}{path}", headers=self._auth(), timeout=60, **kwargs)
        r.raise_for_status()
        return r.json() if r.content else None

    def touch(self):
        """What an open JupyterLab tab does every few seconds: an API request (counts as activity)."""
        self.rest("GET", "/api/contents?content=0")

    # kernel
    def start_kernel(self, path):
        model = self.rest("POST", "/api/sessions", json={"path": path, "type": "notebook", "name": Path(path).name,
                                                           "kernel": {"name": "python3"}})
        self.kernel_id = model["kernel"]["id"]
        self.connect()
        self.wait_ready()
        return self.kernel_id

    def connect(self):
        if self.ws is not None:
            self.ws.close()
        url = self.server_url.replace("http://", "ws://") + f"/api/kernels/{self.kernel_id}/channels?session_id={self.session_id}"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=120)

    def wait_ready(self, timeout=120):
        """kernel_info until it answers (the kernel may still be starting)."""
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self._send("shell", "kernel_info_request", {})
            try:
                for msg in self._replies(msg_id, timeout=10):
                    if msg["msg_type"] == "kernel_info_reply":
                        self._drain_until_idle(msg_id, timeout=10)
                        return
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise

    def _send(self, channel, msg_type, content, buffers=None):
        msg_id = uuid.uuid4().hex
        msg = {"header": {"msg_id": msg_id, "username": self.name, "session": self.session_id, "msg_type": msg_type,
                          "version": "5.3", "date": ""},
               "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}
        self.ws.send(json.dumps(msg))
        return msg_id

    def _recv(self, timeout):
        self.ws.settimeout(timeout)
        try:
            frame = self.ws.recv()
        except websocket.WebSocketTimeoutException as exc:
            raise TimeoutError("no kernel message in time") from exc
        if isinstance(frame, bytes):  # binary frame: [n][offsets...][json][buffers...]
            n = struct.unpack("!I", frame[:4])[0]
            offsets = list(struct.unpack("!" + "I" * n, frame[4:4 * (n + 1)])) + [len(frame)]
            parts = [frame[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
            msg = json.loads(parts[0].decode("utf8"))
            msg["buffers"] = parts[1:]
        else:
            msg = json.loads(frame)
            msg.setdefault("buffers", [])
        self._track_comms(msg)
        return msg

    def _track_comms(self, msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind in ("comm_open", "comm_msg"):
            data = content.get("data", {})
            if kind == "comm_open":
                self.comms[content["comm_id"]] = {}
            elif content.get("comm_id") not in self.comms or data.get("method") != "update":
                return
            state = self.comms[content["comm_id"]]
            state.update(data.get("state", {}))
            for path, buf in zip(data.get("buffer_paths", []), msg["buffers"]):
                if len(path) == 1:
                    state[path[0]] = bytes(buf)
        elif kind == "comm_close":
            self.comms.pop(content.get("comm_id"), None)

    def _replies(self, parent_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply to {parent_id}")
            msg = self._recv(left)
            if msg.get("parent_header", {}).get("msg_id") == parent_id:
                yield msg

    def _drain_until_idle(self, parent_id, timeout):
        for msg in self._replies(parent_id, timeout):
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return

    def execute(self, code, timeout=120):
        """Run code; returns (outputs, error or None).  Widget comm_opens are tracked in self.comms."""
        msg_id = self._send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                           "user_expressions": {}, "allow_stdin": False,
                                                           "stop_on_error": True})
        outputs, error, idle, replied = [], None, False, False
        for msg in self._replies(msg_id, timeout):
            kind = msg["msg_type"]
            if kind in ("stream", "display_data", "execute_result"):
                outputs.append(msg["content"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "execute_reply":
                replied = True
                if msg["content"]["status"] == "error" and error is None:
                    error = f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}"
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            if idle and replied:
                return outputs, error

    def run_notebook(self, path, timeout=300):
        """Execute every code cell of the notebook at ``path`` (read from the server) in order."""
        model = self.rest("GET", f"/api/contents/{urllib.parse.quote(path)}?content=1")
        cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
        start = time.monotonic()
        for cell in cells:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            _, error = self.execute(source, timeout=max(10, timeout - (time.monotonic() - start)))
            if error:
                raise RuntimeError(f"{self.name}: {path}: cell {cell.get('id')} raised {error}")
        return len(cells)

    # widgets
    def models(self, model_name):
        return [cid for cid, state in self.comms.items() if state.get("_model_name") == model_name]

    def explorers(self):
        """The browser explorers the notebook displayed: {comm id: synced state} of its anywidgets."""
        return {cid: self.comms[cid] for cid in self.models("AnyModel")}

    def explorer_step(self, comm_id=None):
        """(comm id, {key: value}) for one slider step of an explorer: its first float parameter moved
        by 0.01 (back if that leaves [0, 1] for a value inside it), as the browser would send it."""
        for cid, state in self.explorers().items():
            if comm_id not in (None, cid):
                continue
            for key, value in state.items():
                if key.startswith("_") or isinstance(value, bool) or not isinstance(value, float):
                    continue
                new = round(value + 0.01, 10)
                if 0 <= value <= 1 and new > 1:
                    new = round(value - 0.01, 10)
                return cid, {key: new}
        raise RuntimeError(f"{self.name}: no explorer with a float parameter among the widgets")

    def move_explorer(self, comm_id=None, timeout=60):
        """Send what an explorer's front end sends after a slider step (the new parameter value, for
        Python to read); return the ms until the kernel confirms it (ipywidgets' ``echo_update``).

        The browser explorer has already redrawn by then: the kernel only validates and stores the
        value, so this is the whole of a step's work on the hub."""
        comm_id, state = self.explorer_step(comm_id)
        start = time.perf_counter()
        msg_id = self._send("shell", "comm_msg", {"comm_id": comm_id,
                                                   "data": {"method": "update", "state": state, "buffer_paths": []}})
        echoed, failed = None, None
        for msg in self._replies(msg_id, timeout):
            if (echoed is None and msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == comm_id
                    and msg["content"]["data"].get("method") == "echo_update"):
                echoed = (time.perf_counter() - start) * 1000
            if msg["msg_type"] in ("error", "stream") and "Error" in json.dumps(msg["content"]):
                failed = msg["content"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        if failed is not None or echoed is None:
            raise RuntimeError(f"{self.name}: the kernel did not accept {state} for {comm_id}: {failed}")
        self.comms[comm_id].update(state)
        return echoed

    # kernel control
    def restart_kernel(self):
        self.rest("POST", f"/api/kernels/{self.kernel_id}/restart")
        self.comms.clear()
        self.connect()
        self.wait_ready()

    def kernel_pid(self):
        """The kernel's process id (found among this hub's processes by its connection file)."""
        for p in self.hub.processes():
            try:
                if any(self.kernel_id in part for part in p.cmdline()) and "ipykernel" in " ".join(p.cmdline()):
                    return p.pid
            except psutil.Error:
                continue
        return None

    def server_processes(self):
        """This student's single-user server and its kernels (psutil.Process objects)."""
        home = str(self.hub.state / "home" / self.name)
        found = []
        for p in self.hub.processes():
            try:
                if p.environ().get("HOME") == home:
                    found.append(p)
            except psutil.Error:
                continue
        return found

    def close(self):
        try:
            if self.ws is not None:
                self.ws.close()
        except Exception:  # noqa: BLE001
            pass
        self.session.close()


def nbgitpuller_link(hub_url, repo, branch, urlpath, targetpath=COURSE_DIR):
    """The link an instructor hands out (the same format tools/hub_link.py prints)."""
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "urlpath": urlpath, "targetpath": targetpath})
    return f"{hub_url}/hub/user-redirect/git-pull?{query}"
