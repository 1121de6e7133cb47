"""Numerics on a big batch: lossnotes against SciPy, PyTorch and one ``np.exp`` pass.

On (1,000,000 x 10) float64 logits ``x`` (and p = softmax(x), q = softmax(y)):

* ``losses.cross_entropy(x, target)`` (index targets, mean) against
  ``torch.nn.functional.cross_entropy`` and SciPy's ``log_softmax`` + gather;
* ``information.entropy(p)`` (row-wise) against ``scipy.stats.entropy(p, axis=1)``;
* ``information.kl_divergence(p, q)`` against ``scipy.special.rel_entr(p, q).sum(axis=1)``
  and ``torch.nn.functional.kl_div(log q, p, reduction='none').sum(1)``;
* ``information.js_divergence(p, q)`` against ``jensenshannon(p, q, axis=1) ** 2``.

All in nats.  The floor is one ``np.exp(x)`` pass (a fresh output array, as
any ufunc call makes).  Each group (lossnotes, references, floor) is timed
interleaved, round by round; figures are medians.  PyTorch gets
``--torch-threads`` threads (default 1, matching NumPy's single-threaded
ufuncs); its rows are skipped with a note when torch is not installed.

Peak memory: tracemalloc (NumPy reports its allocations to it) gives the peak
during one call minus what was allocated before it, in units of one input array.

Targets: each lossnotes operation <= 0.5x the fastest reference, <= 3x the floor,
and at most 2 input-sized temporaries.

Run: ``.venv/bin/python benchmarks/bench_numerics.py [--rows N] [--repeats R]``
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import (  # noqa: E402
    Row,
    banner,
    ensure_importable,
    fmt,
    machine_facts,
    median,
    print_table,
    side_by_side,
    verdict,
    write_json,
)

ensure_importable()


def peak_temporaries(fn, unit_bytes):
    """Peak bytes allocated during ``fn()`` beyond what existed before, in input-sized arrays."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return (peak - before) / unit_bytes


def make_inputs(rows, cols, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, cols)) * 2.0
    y = rng.standard_normal((rows, cols)) * 2.0

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    return x, rng.integers(0, cols, rows), softmax(x), softmax(y)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--cols", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument("--json", default=None, help="also write the rows to this JSON file")
    args = ap.parse_args(argv)

    from scipy import special, stats
    from scipy.spatial.distance import jensenshannon

    from lossnotes import information as info
    from lossnotes import losses

    try:
        import torch
        import torch.nn.functional as F

        torch.set_num_threads(args.torch_threads)
        torch_note = f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
    except ImportError:
        torch = F = None
        torch_note = "torch not installed: its rows are skipped"

    x, t, p, q = make_inputs(args.rows, args.cols)
    n = np.arange(args.rows)
    banner(f"Numerics on ({args.rows:,} x {args.cols}) float64, nats, median of {args.repeats}")
    print(f"NumPy {np.__version__} (ufuncs single-threaded); {torch_note}")

    floor = ("np.exp(x) (floor)", lambda: np.exp(x))
    groups = []  # (operation, lossnotes callable, {reference name: callable})
    refs = {"scipy.special.log_softmax + gather": lambda: -special.log_softmax(x, axis=1)[n, t].mean()}
    if torch is not None:
        X, T = torch.from_numpy(x), torch.from_numpy(t)
        refs["torch F.cross_entropy"] = lambda: F.cross_entropy(X, T)
    groups.append(("cross-entropy loss (logits, index targets)", lambda: losses.cross_entropy(x, t), refs))
    groups.append(("entropy, row-wise", lambda: info.entropy(p, base="nats"),
                   {"scipy.stats.entropy(axis=1)": lambda: stats.entropy(p, axis=1)}))
    refs = {"scipy.special.rel_entr(...).sum(axis=1)": lambda: special.rel_entr(p, q).sum(axis=1)}
    if torch is not None:
        P, Q = torch.from_numpy(p), torch.from_numpy(q)
        refs["torch F.kl_div(log q, p).sum(1)"] = lambda: F.kl_div(torch.log(Q), P, reduction="none").sum(1)
    groups.append(("KL divergence, row-wise", lambda: info.kl_divergence(p, q, base="nats"), refs))
    groups.append(("JS divergence, row-wise", lambda: info.js_divergence(p, q, base="nats"),
                   {"scipy jensenshannon(axis=1)**2": lambda: jensenshannon(p, q, axis=1) ** 2}))

    rows, table = [], []
    for op, ours, refs in groups:
        # Same numbers first (a benchmark of a wrong answer is worthless).
        mine = np.asarray(ours(), dtype=float)
        for name, ref in refs.items():
            theirs = ref()
            theirs = np.asarray(theirs.numpy() if hasattr(theirs, "numpy") else theirs, dtype=float)
            if not np.allclose(mine, theirs, rtol=1e-9, atol=1e-12):
                print(f"WARNING: {op}: lossnotes and {name} disagree (max diff "
                      f"{np.max(np.abs(mine - theirs)):.3g})")
        cases = {"lossnotes": ours, **refs, floor[0]: floor[1]}
        samples = side_by_side(cases, args.repeats)
        med = {k: median(v) * 1e3 for k, v in samples.items()}
        fastest_name = min(refs, key=lambda k: med[k])
        fastest, fl = med[fastest_name], med[floor[0]]
        mem = peak_temporaries(ours, x.nbytes)
        ok_ref, ok_floor, ok_mem = med["lossnotes"] <= 0.5 * fastest, med["lossnotes"] <= 3 * fl, mem <= 2.0
        for name in refs:
            table.append([op, name, fmt(med[name], "ms"), "", "", ""])
        table.append([op, floor[0], fmt(fl, "ms"), "", "", ""])
        table.append([op, "**lossnotes**", fmt(med["lossnotes"], "ms"),
                      f"{med['lossnotes'] / fastest:.2f}× of {fastest_name} ({verdict(ok_ref)}: ≤ 0.5×)",
                      f"{med['lossnotes'] / fl:.2f}× ({verdict(ok_floor)}: ≤ 3×)",
                      f"{mem:.2f} ({verdict(ok_mem)}: ≤ 2)"])
        rows += [
            Row("numerics", f"{op}: vs fastest reference", med["lossnotes"], "ms", fastest_name, fastest,
                "<= 0.5x fastest reference", ok_ref),
            Row("numerics", f"{op}: vs np.exp floor", med["lossnotes"], "ms", floor[0], fl, "<= 3x floor",
                ok_floor),
            Row("numerics", f"{op}: peak temporaries", mem, "input arrays", target="<= 2 input-sized arrays",
                met=ok_mem),
        ]
    print_table(["operation", "implementation", "median", "vs fastest reference", "vs floor",
                 "peak temporaries (input arrays)"], table)
    if torch is None:
        print("\nNote: torch is not installed, so the torch rows were skipped.")
    write_json(args.json, rows, machine_facts())
    return rows


if __name__ == "__main__":
    main()
