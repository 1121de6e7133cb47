"""Shared helpers for the benchmark scripts: side-by-side timing, tables, machine facts.

Every benchmark measures a lossnotes operation and its baseline *in the same run*,
interleaved round by round (so that a noisy neighbour slows both), and reports
medians over the repeats.  Nothing here is a test: the scripts print, they never fail.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_importable():
    """Make ``import lossnotes`` find the working tree (the Makefile installs it anyway)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "n/a"


def machine_facts():
    """nproc, CPU, Python and library versions, and the load at the time of the run."""
    import numpy

    facts = {
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(terse=True),
        "load average (1, 5, 15 min)": load_average(),
    }
    for mod in ("scipy", "matplotlib", "PIL", "ipywidgets", "torch"):
        try:
            facts[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - optional
            facts[mod] = "not installed"
    return facts


def timed(fn):
    """Seconds taken by one call of ``fn`` (perf_counter)."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def side_by_side(cases, repeats, *, warmup=1, inner=None):
    """Time several callables interleaved: round r runs each once (rotating the order).

    ``cases`` maps a name to a zero-argument callable; ``inner`` optionally maps
    a name to how many calls it gets per round (default 1).  Returns
    ``{name: [seconds, ...]}``.
    """
    names = list(cases)
    inner = inner or {}
    for _ in range(warmup):
        for name in names:
            cases[name]()
    samples = {name: [] for name in names}
    for r in range(repeats):
        order = names[r % len(names):] + names[: r % len(names)]
        for name in order:
            for _ in range(inner.get(name, 1)):
                samples[name].append(timed(cases[name]))
    return samples


def median(xs):
    return statistics.median(xs) if xs else float("nan")


@dataclass
class Row:
    """One line of a benchmark table, and whether it meets its target."""

    bench: str
    name: str
    value: float  # the figure (ms, s, or arrays)
    unit: str
    baseline_name: str = ""
    baseline: float = float("nan")
    target: str = ""  # human-readable target, e.g. "<= 20 ms and >= 3x faster"
    met: bool | None = None  # None: no target on this row
    note: str = ""
    ratio_text: str = ""  # how the summary states the ratio, e.g. "16.2x faster than naive"
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self):
        return self.value / self.baseline if self.baseline and self.baseline == self.baseline else float("nan")


def fmt(x, unit=""):
    if x != x:  # nan
        return "–"
    if unit == "ms":
        return f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms"
    if unit == "s":
        return f"{x:.2f} s"
    if unit == "x":
        return f"{x:.2f}×"
    return f"{x:.3g} {unit}".strip()


def verdict(met):
    return "" if met is None else ("met" if met else "NOT met")


def print_table(headers, rows):
    """A GitHub-flavoured markdown table (readable in a terminal too)."""
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    sys.stdout.flush()


def write_json(path, rows, facts=None):
    if not path:
        return
    Path(path).write_text(json.dumps({"facts": facts or {}, "rows": [asdict(r) for r in rows]}, indent=1,
                                     default=str))


def banner(title):
    print(f"\n## {title}\n", flush=True)
