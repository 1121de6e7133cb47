"""Load test of a real JupyterHub: N simulated students open a notebook, run it and move sliders.

The explorers run in the students' browsers (anywidget ES modules, issue 17): a slider step is
drawn there, within a frame, and only the new parameter value travels to the kernel (so that
Python can read it).  The hub's load while a class moves sliders is therefore that message and its
confirmation, not a matplotlib redraw; this script measures what is left: the kernel's
confirmation time, the CPU per student while moving sliders, and the memory per student, which
now bounds a hub's capacity.

    make bench-hub                                   # N = 10, 20, 40 (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_hub.py --students 10 --seconds 20
    .venv/bin/python benchmarks/bench_hub.py --kernel-memory-only   # the memory study alone (no hub)

For each class size N a fresh hub is started on loopback (tests/hub/harness.py: jupyterhub,
configurable-http-proxy from ``make hub-env``, the dummy authenticator, SimpleLocalProcessSpawner,
nbgitpuller; the idle culler with a timeout longer than the run).  All N students start at once,
each in its own thread, on the **kernel protocol** (REST + websocket through the proxy with a
token; no browser: N chromiums would measure chromium, not the hub).  Each student:

1. logs in through the hub's login form and follows the nbgitpuller link (the hub spawns its
   server; nbgitpuller clones the course from a local git repository);
2. opens notebook 01 (a kernel), runs every code cell in order; *first explorer* is the time from
   the login request to the notebook's explorers (their anywidget models, with the ES module)
   having arrived over the websocket;
3. moves a slider continuously for ``--seconds``: one key press = the ``comm_msg`` update the
   explorer's front end sends with the new value, then the wait for the kernel's ``echo_update``,
   then ``--think`` seconds before the next key (default 0.25 s).  *Latency* is that round trip:
   the time until Python holds the new value.  The student sees the new picture before it starts
   (benchmarks/bench_browser.py measures key → pixels in the browser).

Memory per student is the RSS (and PSS, which splits shared pages fairly) of the student's
single-user server plus its kernel, read with psutil after the slider phase.  Errors are every
exception a student hit (login, spawn, pull, cell error, a slider that sent no picture).

The capacity table is derived from these numbers (see ``capacity``): memory bounds it (RSS per
student, with 25 % head-room, plus 2 GB for the hub and the OS); the cores are what the class needs
while everyone moves sliders at once, and the join times show what a simultaneous Run All costs.

The memory study (``kernel_memory``) starts plain kernels with jupyter_client and reads their
RSS at each stage of a notebook: an empty kernel, ``import lossnotes``, the widgets imported, an
explorer shown; and lists which heavy modules each stage has imported.

Everything binds to 127.0.0.1, every loop is bounded, and the script stops its hubs (and every
process they started) before it exits, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import hub_link  # noqa: E402
from _common import cpu_model, load_average  # noqa: E402
from hub.harness import COURSE_DIR, Hub, KernelStudent, make_course_repo  # noqa: E402

# Notebook 01: short, with two explorers (as tests/test_hub.py).
NOTEBOOK = "01_self_information.ipynb"
PATH = f"{COURSE_DIR}/notebooks/{NOTEBOOK}"
P95_TARGET_MS = 250.0
GB = 1024 ** 3


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Result:
    def __init__(self, name):
        self.name = name
        self.first_explorer = None
        self.latencies = []
        self.errors = []
        self.rss = self.pss = None


def student_session(hub, name, link, seconds, think, start_gate, slider_gate, results):
    r = Result(name)
    results[name] = r
    s = KernelStudent(hub, name)
    try:
        start_gate.wait()
        t0 = time.perf_counter()
        s.login()
        s.follow_link(link, timeout=900)
        s.start_kernel(PATH)
        s.run_notebook(PATH, timeout=900)
        if not s.explorers():
            raise RuntimeError("no explorer after running the notebook")
        r.first_explorer = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - counted as an error
        r.errors.append(f"join: {exc!r}"[:300])
        slider_gate.wait()
        return s
    slider_gate.wait()  # everybody moves sliders at the same time
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            r.latencies.append(s.move_explorer(timeout=60))
        except Exception as exc:  # noqa: BLE001
            r.errors.append(f"slider: {exc!r}"[:300])
            if len(r.errors) > 20:
                break
        time.sleep(think)
    return s


def memory_of(student):
    rss = pss = 0
    for p in student.server_processes():
        try:
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        except psutil.Error:
            continue
    return rss, pss


def cpu_seconds(hub):
    """CPU seconds used so far by the kernels, and by every process of the hub (kernels included)."""
    kernels = total = 0.0
    for p in hub.processes():
        try:
            t = p.cpu_times()
            used = t.user + t.system
            total += used
            if "ipykernel" in " ".join(p.cmdline()):
                kernels += used
        except psutil.Error:
            continue
    return kernels, total


def run_class(n, seconds, think, workdir):
    workdir = Path(workdir)
    course = make_course_repo(workdir / "course", (NOTEBOOK,))
    hub = Hub(workdir / "state", cull_timeout=3600, cull_every=600, activity_interval=60, start_timeout=900)
    results, students = {}, []
    try:
        link = hub_link.build_link(hub.url, NOTEBOOK[:2], repo=str(course), branch="main")
        start_gate, slider_gate = threading.Barrier(n), threading.Barrier(n + 1)
        with cf.ThreadPoolExecutor(n) as pool:
            futures = [pool.submit(student_session, hub, f"student{i:03d}", link, seconds, think, start_gate,
                                   slider_gate, results) for i in range(n)]
            slider_gate.wait(timeout=1800)
            cpu0, t0 = cpu_seconds(hub), time.monotonic()
            students = [f.result(timeout=1800) for f in futures]
            cpu1, t1 = cpu_seconds(hub), time.monotonic()
        hub_procs = {}
        for p in hub.processes():
            try:
                if p.environ().get("HOME", "").startswith(str(hub.state / "home")):
                    continue
                hub_procs[p.name()] = hub_procs.get(p.name(), 0) + p.memory_info().rss
            except psutil.Error:
                continue
        for s in students:
            rss, pss = memory_of(s)
            results[s.name].rss, results[s.name].pss = rss, pss
        for s in students:
            s.close()
    finally:
        hub.stop()
    rs = list(results.values())
    lat = [x for r in rs for x in r.latencies]
    firsts = [r.first_explorer for r in rs if r.first_explorer is not None]
    joined = [r for r in rs if r.rss]
    return {
        "students": n,
        "joined": len(firsts),
        "first_explorer_median_s": statistics.median(firsts) if firsts else None,
        "first_explorer_max_s": max(firsts) if firsts else None,
        "slider_moves": len(lat),
        "latency_p50_ms": percentile(lat, 50),
        "latency_p95_ms": percentile(lat, 95),
        "latency_max_ms": max(lat) if lat else None,
        "moves_per_s": len(lat) / (t1 - t0) if lat else 0.0,
        "kernel_cpu_ms_per_move": 1000 * (cpu1[0] - cpu0[0]) / len(lat) if lat else None,
        # share of one core each student's kernel + server used while the class moved sliders
        "cpu_per_student_percent": 100 * (cpu1[1] - cpu0[1]) / (t1 - t0) / n,
        # kernels + single-user servers + proxy + hub (the test client's own CPU is not counted)
        "hub_cpu_ms_per_move": 1000 * (cpu1[1] - cpu0[1]) / len(lat) if lat else None,
        "rss_per_student_mb": statistics.mean(r.rss for r in joined) / 2 ** 20 if joined else None,
        "pss_per_student_mb": statistics.mean(r.pss for r in joined) / 2 ** 20 if joined else None,
        "hub_processes_mb": {k: round(v / 2 ** 20) for k, v in hub_procs.items()},
        "errors": sum(len(r.errors) for r in rs),
        "error_examples": [e for r in rs for e in r.errors][:5],
    }


# -- the memory study ------------------------------------------------------------------------------
STAGES = [
    ("empty kernel", "pass"),
    ("import lossnotes", "import lossnotes; lossnotes.set_language('en')"),
    ("+ information, numpy", "from lossnotes import information as info"),
    ("+ %matplotlib inline", "%matplotlib inline"),
    ("+ lossnotes.widgets", "from lossnotes.widgets import PQExplorer"),
    ("+ explorer shown", "ex = PQExplorer([1, 0, 0], [0.7, 0.2, 0.1], labels=['cat', 'dog', 'fox']); display(ex)"),
]
HEAVY = ["numpy", "matplotlib", "matplotlib.pyplot", "ipywidgets", "scipy", "scipy.special", "scipy.stats", "PIL",
         "pandas", "sklearn", "torch"]


def kernel_memory(stages=STAGES):
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    rows = []
    try:
        proc = psutil.Process(km.provisioner.process.pid)
        for label, code in stages:
            kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
            out = []
            kc.execute_interactive("import sys as _s; print(','.join(m for m in %r if m in _s.modules))" % (HEAVY,),
                                   timeout=60, output_hook=lambda msg: out.append(msg["content"].get("text", ""))
                                   if msg["msg_type"] == "stream" else None)
            info = proc.memory_full_info()
            rows.append((label, info.rss / 2 ** 20, info.pss / 2 ** 20, "".join(out).strip()))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return rows


# A kernel that has run only the install cell without set_language (what lossnotes.i18n would give
# if set_language("en") did not import matplotlib when no figure exists yet).
LAZY_STAGES = [("empty kernel", "pass"), ("import lossnotes (no set_language)", "import lossnotes"),
               ("+ information, numpy", "from lossnotes import information as info")]

# Single-user server variants: every server extension installed by the hub environment, and
# without the ones a lossnotes class does not use (jupyter_lsp: no language servers are installed;
# terminals: optional).
SERVER_VARIANTS = [
    ("all installed extensions", {}),
    ("without jupyter_lsp", {"jupyter_lsp": False}),
    ("without jupyter_lsp, terminals", {"jupyter_lsp": False, "jupyter_server_terminals": False}),
]


def server_memory(workdir, variants=SERVER_VARIANTS):
    """RSS/PSS of an idle JupyterLab server (no kernel) per extension set, 5 s after it answers."""
    import subprocess

    import requests

    from hub.harness import free_port

    rows = []
    for label, disabled in variants:
        port = free_port()
        cfg = Path(workdir) / f"cfg{port}"
        cfg.mkdir(parents=True)
        (cfg / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"jpserver_extensions": disabled}}))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(cfg), JUPYTER_RUNTIME_DIR=str(cfg / "runtime"))
        proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                                 "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--IdentityProvider.token=",
                                 f"--ServerApp.root_dir={workdir}"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    if requests.get(f"http://127.0.0.1:{port}/api/status", timeout=5).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.3)
            requests.get(f"http://127.0.0.1:{port}/lab", timeout=30)  # what a student's first page load does
            time.sleep(5)
            info = psutil.Process(proc.pid).memory_full_info()
            rows.append((label, info.rss / 2 ** 20, info.pss / 2 ** 20))
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return rows


# -- capacity ----------------------------------------------------------------------------------------
def capacity(runs, cores):
    """Memory per student bounds a hub now; CPU is what a class moving sliders at once needs."""
    ok = [r for r in runs if r["joined"] == r["students"] and r["latency_p95_ms"] <= P95_TARGET_MS and r["errors"] == 0]
    best = max(ok, key=lambda r: r["students"]) if ok else None
    cpu_share = max(r["cpu_per_student_percent"] for r in runs) / 100  # of one core, the worst class
    mem = max(r["pss_per_student_mb"] for r in runs if r["pss_per_student_mb"]) / 1024
    mem_rss = max(r["rss_per_student_mb"] for r in runs if r["rss_per_student_mb"]) / 1024
    join = max(r["first_explorer_max_s"] for r in runs if r["first_explorer_max_s"])
    return {"largest_class_within_target": best["students"] if best else None, "cores_here": cores,
            "cpu_core_share_per_student_moving": cpu_share, "gb_per_student_pss": mem, "gb_per_student_rss": mem_rss,
            "slowest_join_s": join}


def class_sizes(cap, sizes=(30, 100, 300)):
    """(students, GB of RAM, cores while all move sliders at once at ≤ 70 % utilisation)."""
    lines = []
    for n in sizes:
        ram = n * cap["gb_per_student_rss"] * 1.25 + 2  # 25 % head-room, 2 GB for the hub and the OS
        cores = max(2, math.ceil(n * cap["cpu_core_share_per_student_moving"] / 0.7))
        lines.append((n, ram, cores))
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", default="10,20,40", help="class sizes, comma-separated (default 10,20,40)")
    parser.add_argument("--seconds", type=float, default=30.0, help="slider phase per class (default 30)")
    parser.add_argument("--think", type=float, default=0.25, help="pause between key presses (default 0.25 s)")
    parser.add_argument("--kernel-memory-only", action="store_true", help="only the memory study (kernels, servers)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    cores = psutil.cpu_count()
    print(f"machine: {cores} cores ({cpu_model()}), {psutil.virtual_memory().total / GB:.0f} GB, "
          f"load average {load_average()}")
    print("\n## Kernel memory by stage (one kernel, jupyter_client)\n")
    print("| stage | RSS MB | PSS MB | heavy modules imported |\n|---|---:|---:|---|")
    for label, rss, pss, mods in kernel_memory() + kernel_memory(LAZY_STAGES)[1:]:
        print(f"| {label} | {rss:.0f} | {pss:.0f} | {mods or '—'} |")
    print("\n## Idle single-user server (JupyterLab, no kernel) by server extensions\n")
    print("| server | RSS MB | PSS MB |\n|---|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="bench-hub-server-") as tmp:
        for label, rss, pss in server_memory(tmp):
            print(f"| {label} | {rss:.0f} | {pss:.0f} |")
    if args.kernel_memory_only:
        return 0
    runs = []
    for n in [int(x) for x in args.students.split(",")]:
        need = n * 0.4 * GB + 2 * GB
        if psutil.virtual_memory().available < need:
            print(f"\nN = {n}: skipped, {psutil.virtual_memory().available / GB:.1f} GB available < {need / GB:.1f} GB needed")
            continue
        with tempfile.TemporaryDirectory(prefix=f"bench-hub-{n}-") as tmp:
            start = time.monotonic()
            print(f"\nN = {n}: running (load average {load_average()}) ...", flush=True)
            r = run_class(n, args.seconds, args.think, tmp)
            r["wall_s"] = time.monotonic() - start
            runs.append(r)
            print(json.dumps(r, indent=1), flush=True)
    if not runs:
        return 1
    print("\n## Results\n")
    print("| students | joined | login → first explorer, median / max s | value → Python p50 / p95 / max ms | moves/s "
          "| CPU ms/move kernel / all | CPU per student moving (% of a core) | RSS / PSS per student MB | errors |")
    print("|---:|---:|---|---|---:|---:|---:|---|---:|")
    for r in runs:
        print(f"| {r['students']} | {r['joined']} | {r['first_explorer_median_s']:.1f} / {r['first_explorer_max_s']:.1f} "
              f"| {r['latency_p50_ms']:.0f} / {r['latency_p95_ms']:.0f} / {r['latency_max_ms']:.0f} "
              f"| {r['moves_per_s']:.1f} | {r['kernel_cpu_ms_per_move']:.1f} / {r['hub_cpu_ms_per_move']:.1f} "
              f"| {r['cpu_per_student_percent']:.2f} | {r['rss_per_student_mb']:.0f} / {r['pss_per_student_mb']:.0f} "
              f"| {r['errors']} |")
    print("hub, proxy and culler (MB RSS):", runs[-1]["hub_processes_mb"])
    cap = capacity(runs, cores)
    print("\n## Capacity\n")
    print(json.dumps(cap, indent=1))
    print("\n| class | RAM GB (bounds the hub) | cores (all moving sliders at once) |\n|---:|---:|---:|")
    for n, ram, c in class_sizes(cap):
        print(f"| {n} | {ram:.0f} | {c} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "capacity": cap}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
