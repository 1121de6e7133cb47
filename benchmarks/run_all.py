"""Run every benchmark (``make bench``), each in its own process, then list every target.

Each script prints its own table (figures and ratios against the baseline it
measured side by side); this runner adds the machine facts first and, at the
end, one table of all the targets, met or not met.

Run: ``.venv/bin/python benchmarks/run_all.py [--quick] [--only import,numerics,notebooks,compression,browser]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import fmt, machine_facts, print_table, verdict  # noqa: E402

# name -> (script, arguments for a full run, arguments for --quick)
BENCHMARKS = {
    "import": ("bench_import.py", [], ["--repeats", "7"]),
    "numerics": ("bench_numerics.py", [], ["--repeats", "3"]),
    "notebooks": ("bench_notebooks.py", [], ["--repeats", "1"]),
    "compression": ("bench_compression.py", ["--repeats", "3"], ["--repeats", "1"]),
    "browser": ("bench_browser.py", [], ["--presses", "4", "--notebooks", "00,05"]),
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats (a smoke test, not a measurement)")
    ap.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated subset of " + ", ".join(BENCHMARKS))
    args = ap.parse_args(argv)

    print("# lossnotes benchmarks\n")
    facts = machine_facts()
    print_table(["machine", ""], [[k, v] for k, v in facts.items()])
    print(f"\ncommand: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)

    rows, failed = [], []
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only.split(","):
            script, full, quick = BENCHMARKS[name.strip()]
            out = Path(tmp) / f"{name}.json"
            cmd = [sys.executable, str(HERE / script), *(quick if args.quick else full), "--json", str(out)]
            code = subprocess.call(cmd, cwd=HERE.parent)
            if code != 0 or not out.exists():
                failed.append(f"{name} (exit code {code})")
                continue
            rows += json.loads(out.read_text())["rows"]

    print("\n## All targets\n")
    table = []
    for r in rows:
        if r["met"] is None:
            continue
        base = r["baseline"]
        ratio = r.get("ratio_text") or (f"{r['value'] / base:.2f}x {r['baseline_name']}"
                                        if isinstance(base, (int, float)) and base == base and base else "")
        table.append([r["bench"], r["name"], fmt(r["value"], r["unit"]) if r["unit"] in ("ms", "s") else
                      f"{r['value']:.2f} {r['unit']}", ratio, r["target"], verdict(r["met"])])
    print_table(["benchmark", "what", "figure", "ratio", "target", "verdict"], table)
    met = sum(1 for r in rows if r["met"])
    total = sum(1 for r in rows if r["met"] is not None)
    print(f"\n{met} of {total} targets met; load average at the end: {os.getloadavg()[0]:.2f}; "
          f"total {time.perf_counter() - t_start:.0f} s")
    if failed:
        print("Benchmarks that failed to run: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
