"""Check that the working tree's numerics give the same bits as another revision.

A companion of the benchmarks: speed work on ``lossnotes.information``,
``lossnotes.losses`` and ``lossnotes._validation`` must not change a single
bit of a result, nor the type or message of an error (notebooks store printed
numbers; tests compare some of them exactly).  This extracts ``lossnotes/``
at ``REV`` (default ``HEAD``) with ``git archive`` into a temporary directory,
imports it next to the working tree's, and compares both on many random and
edge-case inputs: shapes from one value to millions, float32 and float64,
zeros, one-hot rows, ``-0.0``, Fortran order, other axes, invalid inputs.

Run: ``.venv/bin/python benchmarks/check_same_bits.py [--rev REV]`` (about two minutes).
Exit code 1 if anything differs.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ROOT, ensure_importable  # noqa: E402

ensure_importable()


def load_revision(rev, where):
    """Import ``lossnotes`` as of ``rev`` under the name ``lossnotes_at_rev``."""
    data = subprocess.run(["git", "archive", rev, "lossnotes"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(where, filter="data")
    os.rename(os.path.join(where, "lossnotes"), os.path.join(where, "lossnotes_at_rev"))
    sys.path.insert(0, where)
    return importlib.import_module("lossnotes_at_rev")


class Comparison:
    def __init__(self):
        self.count = self.mismatches = 0

    def __call__(self, old_module, new_module, name, *args, **kwargs):
        self.count += 1
        a, b = _outcome(getattr(old_module, name), args, kwargs), _outcome(getattr(new_module, name), args, kwargs)
        if a != b:
            self.mismatches += 1
            if self.mismatches <= 20:
                print(f"DIFFERENT: {name}{tuple(np.shape(x) for x in args)} {kwargs}:\n  before {a[:3]}\n  after  {b[:3]}")


def _outcome(fn, args, kwargs):
    try:
        r = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - errors must match too
        return ("error", type(exc).__name__, str(exc))
    r_arr = np.asarray(r)
    return ("value", type(r).__name__, r_arr.dtype.str, r_arr.shape, r_arr.tobytes())


def distribution(rng, shape, zeros=0.0, dtype=np.float64, onehot=False):
    if onehot:
        w = np.zeros(shape)
        np.put_along_axis(w, rng.integers(0, shape[-1], shape[:-1])[..., None], 1.0, -1)
        return w.astype(dtype)
    w = rng.random(shape) ** rng.uniform(0.2, 5)
    w[rng.random(shape) < zeros] = 0
    w[..., 0] += w.sum(-1) == 0
    return (w / w.sum(-1, keepdims=True)).astype(dtype)


def check_information(old, new, same, rng):
    shapes = [(2,), (3,), (10,), (5, 4), (7, 10), (100, 10), (40000, 10), (30000, 3), (5000, 33), (200, 130),
              (3, 4, 5), (20000, 2, 10), (6, 50000)]
    for shape in shapes:
        for dtype in (np.float64, np.float32):
            for zeros, onehot in [(0, False), (0.1, False), (0.5, False), (0, True), (0.001, False)]:
                p = distribution(rng, shape, zeros, dtype, onehot)
                q = distribution(rng, shape, zeros * rng.random(), dtype)
                for base in (2, "nats", 3.7):
                    same(old, new, "entropy", p, base=base)
                    for fn in ("cross_entropy", "kl_divergence", "js_divergence", "js_distance"):
                        for a, b in ((p, q), (q, p), (p, p)):
                            same(old, new, fn, a, b, base=base)
                for ax in range(-len(shape), len(shape)) if len(shape) > 1 else ():
                    pp, qq = np.moveaxis(p, -1, ax), np.moveaxis(q, -1, ax)
                    same(old, new, "entropy", pp, axis=ax)
                    for fn in ("cross_entropy", "kl_divergence", "js_divergence"):
                        same(old, new, fn, pp, qq, axis=ax)
                if len(shape) > 1:
                    same(old, new, "js_divergence", np.asfortranarray(p), np.asfortranarray(q))
    p, q = distribution(rng, (50, 10)), distribution(rng, (50, 10), dtype=np.float32)
    for fn in ("cross_entropy", "kl_divergence", "js_divergence"):
        same(old, new, fn, p, q)
        same(old, new, fn, q, p)
    bad = [[0.5, 0.6], [0.5, np.nan], [np.inf, 0], [[0.5, 0.5], [0.2, 0.2]], [1.5, -0.5], [], 0.5, [[]], "ab",
           [[1, 0], [0.5]], [1 + 9e-7, 0.0], [0.5, 0.5 + 9.9e-7], [0.5, 0.5 + 1.01e-6], np.array([1e308, 1e308]),
           [True, False], [1, 0], np.array([0.5, 0.5], dtype=np.float16), [[0.5, 0.5]] * 3]
    for b in bad:
        for ax in (-1, 0, 1, 2, -3, 1.0, True):
            same(old, new, "entropy", b, axis=ax)
            same(old, new, "kl_divergence", b, [0.5, 0.5], axis=ax)
            same(old, new, "kl_divergence", [0.5, 0.5], b, axis=ax)
    for n in (2, 10, 100):  # sums right at the tolerance: the fast path must decide as before
        for off in np.linspace(-2e-6, 2e-6, 41):
            v = np.full(n, 1.0 / n)
            v[0] += off
            same(old, new, "entropy", v)
            same(old, new, "entropy", v.astype(np.float32))
            same(old, new, "entropy", np.tile(v, (30000 // n + 1, 1)))
    for x in [0.0, 1.0, 0.3, [0, 0.5, 1], np.linspace(0, 1, 1001), np.float32(0.2), -0.1, 1.1, np.nan, [[0.1]]]:
        same(old, new, "self_information", x)
        same(old, new, "binary_entropy", x)


def check_losses(old, new, same, rng):
    for C in (1, 2, 3, 7, 8, 9, 10, 16, 17, 33, 64, 65, 130):
        for n in (1, 5, 1000, 40000):
            if C * n > 3_000_000:
                continue
            for dtype in (np.float64, np.float32):
                for scale in (1.0, 30.0, 1e3):
                    x = (rng.standard_normal((n, C)) * scale).astype(dtype)
                    x[rng.random(x.shape) < 0.1] = -0.0
                    t = rng.integers(0, C, n)
                    t2 = t.copy()
                    t2[rng.random(n) < 0.2] = -100
                    w = rng.random(C)
                    for red in ("mean", "sum", "none"):
                        same(old, new, "cross_entropy", x, t, reduction=red)
                        same(old, new, "cross_entropy", x, t2, weight=w, reduction=red)
                        same(old, new, "cross_entropy", x, t2, weight=w, reduction=red, label_smoothing=0.1)
                        same(old, new, "cross_entropy", x, t, reduction=red, ignore_index=0)
                        same(old, new, "nll_loss", x, t, reduction=red)
                    same(old, new, "cross_entropy", x[0], t[0])
                    same(old, new, "cross_entropy", np.asfortranarray(x), t)
                    same(old, new, "cross_entropy", x, t.astype(np.int32))
                    if n >= 2:
                        same(old, new, "cross_entropy", x[: n // 2 * 2].reshape(n // 2, C, 2),
                             rng.integers(0, C, (n // 2, 2)))
                    if C > 1:
                        with np.errstate(all="ignore"):
                            p = np.exp(x.astype(float))
                            p /= p.sum(-1, keepdims=True)
                        same(old, new, "cross_entropy", x, p.astype(dtype))
                        same(old, new, "log_softmax", x)
    x = rng.standard_normal((5, 4))
    for t in ([0, 1, 2, 3, 0], [0, 1, 2, 3, -1], [0, 1, 2, 3], [0.0, 1, 2, 3, 1], [0, 1, -100, 3, 1], [0, 1, 2, 3, 99]):
        for ii in (-100, 2, 4, -1):
            same(old, new, "cross_entropy", x, t, ignore_index=ii)
            same(old, new, "nll_loss", x, t, ignore_index=ii)
    for bx in ([[np.nan, 0, 0, 0]] * 5, [[np.inf, 0, 0, 0]] * 5, 3.0, [], "x"):
        same(old, new, "cross_entropy", bx, [0] * 5)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="the revision to compare with (default HEAD)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore", RuntimeWarning)  # the inputs include overflows on purpose
    with tempfile.TemporaryDirectory() as where:
        old = load_revision(args.rev, where)
        import lossnotes

        same, rng = Comparison(), np.random.default_rng(args.seed)
        check_information(importlib.import_module(f"{old.__name__}.information"),
                          importlib.import_module("lossnotes.information"), same, rng)
        check_losses(importlib.import_module(f"{old.__name__}.losses"),
                     importlib.import_module("lossnotes.losses"), same, rng)
    print(f"{same.count} comparisons against {args.rev} ({lossnotes.__file__}): {same.mismatches} differ")
    return 1 if same.mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
