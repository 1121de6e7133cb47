"""Import time: ``import lossnotes`` against ``import numpy``, each in a fresh interpreter.

Every sample is a new ``python -c "import X"`` process, timed from the outside
(wall clock, so interpreter start-up is included in both and cancels in the
difference).  The statements are run interleaved, round by round; figures are
medians.  ``-X importtime`` is not used for the headline figure because it
slows imports down, but the cumulative time of the modules each statement
names is printed as a cross-check.

Target: ``import lossnotes`` adds <= 30 ms to ``import numpy``.  lossnotes
imports nothing heavy at the top level (submodules load on first use), so the
target is checked on three rows: ``import lossnotes`` itself, ``import numpy,
lossnotes`` (what it adds on top of NumPy) and the notebooks' usual
``import lossnotes.information, lossnotes.losses``.  ``lossnotes.widgets``
(matplotlib and ipywidgets) is shown for information.

Run: ``.venv/bin/python benchmarks/bench_import.py [--repeats R]``
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ROOT, Row, banner, fmt, machine_facts, median, print_table, side_by_side, verdict, write_json  # noqa: E402

TARGET_MS = 30.0
TARGET_ROWS = ("import lossnotes", "import numpy, lossnotes", "import lossnotes.information, lossnotes.losses")

STATEMENTS = {
    "python (no import)": "pass",
    "import numpy": "import numpy",
    "import lossnotes": "import lossnotes",
    "import numpy, lossnotes": "import numpy, lossnotes",
    "import lossnotes.information, lossnotes.losses": "import lossnotes.information, lossnotes.losses",
    "import lossnotes.widgets": "import lossnotes.widgets",
}


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONSTARTUP", None)
    return env


def _run(statement):
    subprocess.run([sys.executable, "-c", statement], check=True, env=_env(), cwd="/")


def importtime_own(statement, runs=5):
    """Median over ``runs`` of the cumulative ``-X importtime`` of the modules the statement names.

    Only top-level entries whose name is one of those modules count, so each
    figure is that module's own import (with what it pulls in that was not
    imported yet), without the interpreter's start-up.
    """
    names = set(re.findall(r"[\w.]+", statement.replace("import", " "))) - {"pass"}
    totals = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", statement], env=_env(), cwd="/",
                             capture_output=True, text=True, check=True).stderr
        total = 0
        for line in out.splitlines():
            m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)$", line)  # top level: no indent
            if m and m.group(2) in names:
                total += int(m.group(1))
        totals.append(total / 1e3)
    return median(totals)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=21)
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    banner(f"Import time in fresh processes (median of {args.repeats})")
    cases = {name: (lambda s=s: _run(s)) for name, s in STATEMENTS.items()}
    samples = side_by_side(cases, args.repeats)
    med = {k: median(v) * 1e3 for k, v in samples.items()}
    base = med["import numpy"]
    table, rows = [], []
    for name, stmt in STATEMENTS.items():
        added = med[name] - base
        check = importtime_own(stmt)
        is_target = name in TARGET_ROWS
        met = added <= TARGET_MS if is_target else None
        table.append([name, fmt(med[name], "ms"), "" if name == "import numpy" else f"{added:+.1f} ms",
                      f"{med[name] / base:.2f}×", f"{check:.1f} ms",
                      f"{verdict(met)} (≤ {TARGET_MS:g} ms added)" if is_target else ""])
        if name != "import numpy":
            rows.append(Row("import", f"{name}: added to import numpy", added, "ms", "import numpy", base,
                            f"<= {TARGET_MS:g} ms added" if is_target else "", met,
                            ratio_text=f"{fmt(med[name], 'ms')} vs {fmt(base, 'ms')} for import numpy "
                                       f"({med[name] / base:.2f}x)"))
    print_table(["statement", "wall (process)", "vs import numpy", "ratio", "-X importtime of the modules named", "target"], table)
    write_json(args.json, rows, machine_facts())
    return rows


if __name__ == "__main__":
    main()
