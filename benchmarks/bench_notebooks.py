"""Notebook execution: every ``notebooks/*.ipynb`` top to bottom in a fresh kernel.

Each notebook is read with nbformat and executed in memory by nbclient (the
file is never written), in a new ``python3`` kernel of this environment, with
the notebook's directory as the working directory.  Measured:

* per notebook: wall time of ``NotebookClient.execute()``, kernel start-up
  included, run alone (one after the other, round after round; medians over
  ``--repeats`` rounds); the baseline is the same for a one-cell notebook
  (``pass``): what a fresh kernel costs by itself;
* the suite: the sum of those, and the wall time with two notebooks at a
  time (``--jobs``, default 2 = the cores of the machine the targets are for);
* the slowest cells, from the per-cell timestamps nbclient records
  (``metadata.execution``: ``iopub.execute_input`` to ``shell.execute_reply``).

Targets: <= 10 s per notebook and <= 60 s for the suite on 2 cores.

Run: ``.venv/bin/python benchmarks/bench_notebooks.py [--repeats R] [--jobs J] [notebooks ...]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ROOT, Row, banner, fmt, machine_facts, median, print_table, verdict, write_json  # noqa: E402

TARGET_NOTEBOOK_S = 10.0
TARGET_SUITE_S = 60.0
CELL_TIMEOUT_S = 300

# The kernels inherit the environment: let them import this working tree's lossnotes
# even where it is not installed (``make bench`` installs it; a bare checkout may not).
if str(ROOT) not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def _timestamp(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def execute(path, source=None):
    """Execute one notebook in a fresh kernel; return wall seconds, per-cell seconds, error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]) if source is not None \
        else nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    error = None
    t0 = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up chatter, not the notebook's output
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1][:200]
    except Exception as exc:  # noqa: BLE001 - a kernel that dies, a timeout: report it
        error = f"{type(exc).__name__}: {exc}"[:200]
    wall = time.perf_counter() - t0
    cells = []
    for i, cell in enumerate(nb.cells):
        timing = cell.get("metadata", {}).get("execution", {})
        if cell.cell_type == "code" and "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            seconds = (_timestamp(timing["shell.execute_reply"]) - _timestamp(timing["iopub.execute_input"])).total_seconds()
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append((i, seconds, first[:60]))
    return {"path": str(path), "wall": wall, "cells": cells, "error": error}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", help="default: notebooks/*.ipynb")
    ap.add_argument("--repeats", type=int, default=3, help="runs per notebook (median)")
    ap.add_argument("--jobs", type=int, default=2, help="notebooks at a time for the suite wall time")
    ap.add_argument("--slowest", type=int, default=10)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    paths = [Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    banner(f"Notebook execution in fresh kernels ({len(paths)} notebooks, median of {args.repeats}, "
           f"suite also with {args.jobs} at a time)")

    # Round after round: the empty notebook, then every notebook once (so a noisy minute
    # hits all of them alike); each figure is the median over the rounds.
    empty, runs = [], {p.name: [] for p in paths}
    for _ in range(args.repeats):
        empty.append(execute(ROOT / "notebooks" / "empty.ipynb", source="pass")["wall"])
        for p in paths:
            runs[p.name].append(execute(p))
    baseline = median(empty)
    results = {name: sorted(rs, key=lambda r: r["wall"])[len(rs) // 2] for name, rs in runs.items()}
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(execute, paths))
    parallel = time.perf_counter() - t0
    sequential = sum(r["wall"] for r in results.values())

    rows, table = [], []
    for name, r in results.items():
        ok = r["error"] is None and r["wall"] <= TARGET_NOTEBOOK_S
        cell_sum = sum(c[1] for c in r["cells"])
        table.append([name, fmt(r["wall"], "s"), fmt(cell_sum, "s"), f"{r['wall'] / baseline:.1f}×",
                      verdict(ok) + (f" — ERROR: {r['error']}" if r["error"] else "")])
        rows.append(Row("notebooks", name, r["wall"], "s", "empty notebook", baseline,
                        f"<= {TARGET_NOTEBOOK_S:g} s", ok, note=r["error"] or ""))
    table.append(["(one-cell notebook: kernel start-up)", fmt(baseline, "s"), "", "1.0×", ""])
    print_table(["notebook", "wall (fresh kernel)", "sum of cells", "vs empty notebook",
                 f"target ≤ {TARGET_NOTEBOOK_S:g} s"], table)
    ok_suite = parallel <= TARGET_SUITE_S and all(r["error"] is None for r in results.values())
    print(f"\nSuite: {fmt(sequential, 's')} one after the other; {fmt(parallel, 's')} with {args.jobs} at a "
          f"time on {os.cpu_count()} cores ({verdict(ok_suite)}: ≤ {TARGET_SUITE_S:g} s)")
    rows.append(Row("notebooks", f"suite, {args.jobs} at a time", parallel, "s", "one after the other",
                    sequential, f"<= {TARGET_SUITE_S:g} s", ok_suite))

    cells = sorted(((c[1], name, c[0], c[2]) for name, r in results.items() for c in r["cells"]), reverse=True)
    print(f"\nSlowest {args.slowest} cells:\n")
    print_table(["seconds", "notebook", "cell", "first line"],
                [[f"{s:.2f}", name, i, f"`{src}`"] for s, name, i, src in cells[: args.slowest]])
    write_json(args.json, rows, machine_facts())
    return rows


if __name__ == "__main__":
    main()
