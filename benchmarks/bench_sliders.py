"""Slider latency: every explorer against the naive ``interact`` + ``plt.show()`` pattern.

What is timed
-------------
* **explorer**: kernel-side time from setting a slider's ``value`` from Python
  to the end of the redraw.  The explorer renders synchronously (observer ->
  update artists -> blit -> PNG -> ``Image.value``), so this is one assignment.
* **naive**: what ``interact``/``interactive_output`` with a drawing function
  does per tick: build a *new pyplot figure* of the same size with the same
  content, render it as the inline backend does
  (``IPython.core.pylabtools.print_figure(fig, 'png', bbox_inches='tight')``,
  the defaults of ``matplotlib_inline``'s ``InlineBackend.print_figure_kwargs``)
  and close it.  By default the naive function is derived from the explorer
  itself (:func:`rebuild_naive`): a fresh pyplot figure, the explorer's own
  ``_build`` and ``_update`` on it, nothing animated, one full draw, so the
  content is the same by construction.  A registry entry can pass its own
  function instead (the p/q explorer has a hand-written one, as a cross-check).

Both are timed interleaved in the same run (a few explorer ticks, then one
naive draw, round after round); figures are medians.

The registry
------------
Explorers are discovered by importing every module of ``lossnotes.widgets``
and collecting the :class:`~lossnotes.widgets.Explorer` subclasses.  ``CASES``
says how to build each one (the constructor arguments the notebooks use), which
slider to move, and optionally a naive function.  A class without an entry is
listed as "not benchmarked": add a :class:`Case` for it below.

Targets: each explorer >= 3x faster than naive and <= 20 ms median.  Explorers that run in the
browser (PQExplorer) have no kernel tick and are not listed here.

Run: ``.venv/bin/python benchmarks/bench_sliders.py [--rounds R] [--ticks T] [--only NAME]``
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import os
import pkgutil
import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

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
    timed,
    verdict,
    write_json,
)

ensure_importable()

import matplotlib  # noqa: E402

matplotlib.use("agg")  # headless; the inline backend renders through Agg as well
import matplotlib.pyplot as plt  # noqa: E402

from lossnotes import plots  # noqa: E402
from lossnotes.widgets import Explorer  # noqa: E402

TARGET_MS = 20.0
TARGET_SPEEDUP = 3.0


# --------------------------------------------------------------------------- registry


@dataclass
class Case:
    """How to benchmark one explorer.

    make : () -> Explorer
        Build it (with the arguments a notebook uses).
    slider : (explorer) -> widget
        The control whose ``value`` the benchmark moves.
    naive : (explorer) -> (() -> None), optional
        Returns the naive per-tick draw for the explorer's current state.
        Default: :func:`rebuild_naive`.
    label : str
        Shown in the table (which notebook, which configuration).
    key : str, optional
        A name for a target of its own (see ``SPECIAL_TARGETS``).
    """

    make: Callable
    slider: Callable
    label: str = ""
    naive: Callable | None = None
    key: str = ""
    values: list = field(default_factory=list)  # optional explicit slider values


def _weather():
    return ["sunny", "cloudy", "rain", "fog"]


def _mixture_fit():
    from lossnotes.gaussian_fit import NormalFitGrid

    x = np.linspace(-16, 16, 401)
    return NormalFitGrid(x, mus=np.linspace(-6, 6, 121), sigmas=np.linspace(0.5, 5.0, 46))


def _normal_vs_mixture_curve():
    """The CurveExplorer of notebook 04 (a normal fitted by hand to a two-peaked mixture)."""
    from lossnotes import information as info
    from lossnotes.widgets import CurveExplorer, slider
    from lossnotes.gaussian_fit import discretised_normal, two_peak_mixture

    x = np.linspace(-16, 16, 401)
    dx = x[1] - x[0]
    p_mix = two_peak_mixture(x, separation=7.0, weight=0.4)

    def normal_vs_mixture(x, mu, sigma):
        return {"p (target mixture)": p_mix / dx, "q = N(μ, σ²)": discretised_normal(x, mu, sigma) / dx}

    def both_kls(mu, sigma):
        q_ = discretised_normal(x, mu, sigma)
        return {"KL(p‖q) [nats]": float(info.kl_divergence(p_mix, q_, base="nats")),
                "KL(q‖p) [nats]": float(info.kl_divergence(q_, p_mix, base="nats"))}

    return CurveExplorer(
        x, curves=normal_vs_mixture,
        params={"mu": slider("μ", 3.5, -6.0, 6.0, 0.1, unit="units of x", readout_format=".1f"),
                "sigma": slider("σ", 1.0, 0.5, 5.0, 0.1, unit="units of x", readout_format=".1f")},
        readouts=both_kls, xlabel="x", ylabel="probability density (per unit of x)",
        xlim=(-10, 10), ylim=(0, 0.85), figsize=(7.5, 3.2))


def _contrastive_data():
    rng = np.random.default_rng(0)
    query = rng.standard_normal((6, 8))
    return query, query + 0.5 * rng.standard_normal((6, 8))


V_TWO = np.array([-1.0, -2.0, 9.0, 5.0, -1.5, 0.0, -0.5, 4.0, 1.0, -2.5])
Z_TWO = np.array([0.5, -1.0, 6.0, 2.0, -1.0, 0.5, 0.0, 1.0, 2.5, -2.0])


def _w(module):
    return importlib.import_module(f"lossnotes.widgets.{module}")


def _p0(ex):
    return ex.p_editor.sliders[0]


CASES = {
    # PQExplorer computes and draws in the browser (lossnotes/widgets/js/pq.js): a slider step never
    # reaches the kernel, so there is no kernel tick to time here (tests/test_browser.py measures steps).
    "lossnotes.widgets.explorers.CurveExplorer": [
        Case(lambda: _w("entropy").binary_entropy_explorer(p=0.3), lambda ex: ex.params["p"],
             "02 binary entropy"),
        Case(_normal_vs_mixture_curve, lambda ex: ex.params["mu"], "04 normal vs mixture"),
    ],
    "lossnotes.widgets.entropy.SelfInformationExplorer": [
        Case(lambda: _w("entropy").SelfInformationExplorer(p=1 / 8), lambda ex: ex.p, "01"),
    ],
    "lossnotes.widgets.entropy.AdditivityExplorer": [
        Case(lambda: _w("entropy").AdditivityExplorer(p1=1 / 4, p2=1 / 2), lambda ex: ex.p1, "01"),
    ],
    "lossnotes.widgets.entropy.EntropyExplorer": [
        Case(lambda: _w("entropy").EntropyExplorer(
            np.array([1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 64, 1 / 64, 1 / 64, 1 / 64]), labels=list("ABCDEFGH")),
            lambda ex: ex.editor.sliders[0], "02 (8 teams)"),
    ],
    "lossnotes.widgets.divergence.CodingExplorer": [
        Case(lambda: _w("divergence").CodingExplorer([0.60, 0.25, 0.10, 0.05], [0.15, 0.45, 0.30, 0.10],
                                                     labels=_weather()), _p0, "03"),
    ],
    "lossnotes.widgets.divergence.MixtureFitExplorer": [
        Case(lambda: _w("divergence").MixtureFitExplorer(_mixture_fit(), separation=7.0, weight=0.4),
             lambda ex: ex.separation, "04"),
    ],
    "lossnotes.widgets.classification.LogitExplorer": [
        Case(lambda: _w("classification").LogitExplorer([2.0, 1.0, 0.1, -1.0], true_class=2),
             lambda ex: ex.logit_sliders[0], "05"),
    ],
    "lossnotes.widgets.classification.SigmoidGradientExplorer": [
        Case(lambda: _w("classification").SigmoidGradientExplorer(z=-6.0, y=1), lambda ex: ex.z, "06"),
    ],
    "lossnotes.widgets.regression.RobustFitExplorer": [
        Case(lambda: _w("regression").RobustFitExplorer(outlier_size=10.0, beta=1.0, delta=1.0),
             lambda ex: ex.outlier, "07"),
    ],
    "lossnotes.widgets.distillation.TemperatureExplorer": [
        Case(lambda: _w("distillation").TemperatureExplorer(V_TWO, [str(d) for d in range(10)],
                                                            temperature=1.0, scale=1.0),
             lambda ex: ex.T, "08"),
    ],
    "lossnotes.widgets.distillation.DistillationGradientExplorer": [
        Case(lambda: _w("distillation").DistillationGradientExplorer(Z_TWO, V_TWO, [str(d) for d in range(10)],
                                                                     temperature=4.0),
             lambda ex: ex.T, "08"),
    ],
    "lossnotes.widgets.practice.FocalLossExplorer": [
        Case(lambda: _w("practice").FocalLossExplorer(gamma=2.0, p_t=0.9), lambda ex: ex.gamma, "09"),
    ],
    "lossnotes.widgets.mutual_information.JointTableExplorer": [
        Case(lambda: _w("mutual_information").JointTableExplorer([[0.35, 0.05], [0.15, 0.45]],
                                                                 x_labels=["rain", "dry"], y_labels=["umbrella", "none"]),
             lambda ex: ex.editor.sliders[0], "04 (2x2 joint table)"),
    ],
    "lossnotes.widgets.compression.CompressionExplorer": [
        # The models are fitted once, when the explorer is built; a temperature tick re-samples the text.
        Case(lambda: _w("compression").CompressionExplorer(order=4), lambda ex: ex.temperature, "10 (temperature)"),
    ],
    "lossnotes.widgets.practice.ContrastiveExplorer": [
        Case(lambda: _w("practice").ContrastiveExplorer(*_contrastive_data(), temperature=0.1),
             lambda ex: ex.tau, "09"),
    ],
}

# Targets of their own, on top of the per-explorer ones.
SPECIAL_TARGETS = {}


# --------------------------------------------------------------------------- discovery


def discover():
    """``({qualified name: class}, {module: error})`` for every Explorer in lossnotes.widgets."""
    import lossnotes.widgets as package

    found, failed = {}, {}
    for info in pkgutil.iter_modules(package.__path__):
        name = f"{package.__name__}.{info.name}"
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - a module being written may not import yet
            failed[name] = f"{type(exc).__name__}: {exc}"
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Explorer) and obj is not Explorer \
                    and obj.__module__ == name:
                found[f"{name}.{obj.__qualname__}"] = obj
    return found, failed


# --------------------------------------------------------------------------- the naive pattern


def _inline_print_kwargs():
    try:
        from matplotlib_inline.config import InlineBackend

        return dict(InlineBackend().print_figure_kwargs)
    except Exception:  # noqa: BLE001 - matplotlib_inline is optional
        return {"bbox_inches": "tight"}


PRINT_KWARGS = _inline_print_kwargs()


def show_inline(fig):
    """What ``plt.show()`` does per figure under the inline backend: PNG, then close."""
    try:
        from IPython.core.pylabtools import print_figure

        data = print_figure(fig, "png", **PRINT_KWARGS)
    except ImportError:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", facecolor=fig.get_facecolor(), edgecolor=fig.get_edgecolor(),
                    dpi=fig.dpi, **PRINT_KWARGS)
        data = buf.getvalue()
    plt.close(fig)
    _LAST_PNG[:] = [data]
    return data


_LAST_PNG = []  # the last naive frame, for its size
_STATE = {}  # explorer id -> its attributes just before Explorer.__init__ ran


@contextmanager
def recording_state():
    """Remember each explorer's state as it was before the base class built its figure."""
    original = Explorer.__init__

    def init(self, *args, **kwargs):
        _STATE[id(self)] = dict(self.__dict__)
        original(self, *args, **kwargs)

    Explorer.__init__ = init
    try:
        yield
    finally:
        Explorer.__init__ = original


def rebuild_naive(ex):
    """The naive per-tick draw for ``ex``: its own ``_build`` + ``_update`` on a new pyplot figure.

    The clone starts from the explorer's pre-figure state (so ``_build`` and
    ``_update`` do all their first-time work) and shares its controls (so it
    draws the current slider values).  Nothing is animated: one full draw.
    """
    state = _STATE[id(ex)]

    def draw():
        clone = object.__new__(type(ex))
        clone.__dict__.update(state)
        clone.controls, clone.caption, clone.title = ex.controls, ex.caption, ex.title
        clone.fig = plt.figure(figsize=ex.figsize, dpi=plots.DPI, layout="constrained")
        clone._dynamic, clone._background, clone.readouts, clone.values, clone.frames = [], None, {}, {}, 0
        clone.dynamic = lambda *artists: artists[0] if len(artists) == 1 else artists
        clone._build()
        clone._update()
        show_inline(clone.fig)

    return draw


# --------------------------------------------------------------------------- measuring


def slider_values(s, n=8):
    """A back-and-forth walk of ``n`` steps from the slider's value, inside its range."""
    v0, step = float(s.value), float(s.step)
    direction = 1.0 if v0 + n * step <= s.max else -1.0
    out = [round(v0 + direction * k * step, 10) for k in range(1, n + 1)]
    return out + out[-2::-1] + [v0]


def measure(case, rounds, ticks):
    with recording_state():
        ex = case.make()
    control = case.slider(ex)
    naive = (case.naive or rebuild_naive)(ex)
    values = case.values or slider_values(control)
    png_naive = len(_capture_png(naive))
    vi = 0

    def tick():
        nonlocal vi
        control.value = values[vi % len(values)]
        vi += 1

    for _ in range(2):  # warm-up: caches, first-time imports
        tick()
    naive()
    gc.collect()
    ours, theirs, frames_ok = [], [], True
    for _ in range(rounds):
        for _ in range(ticks):
            before = ex.frames
            ours.append(timed(tick))
            frames_ok &= ex.frames == before + 1
        theirs.append(timed(naive))
    result = {"explorer_ms": median(ours) * 1e3, "naive_ms": median(theirs) * 1e3,
              "png_bytes": len(ex.image.value), "naive_png_bytes": png_naive,
              "frame_px": tuple(int(v) for v in ex.fig.canvas.get_width_height()),
              "one_frame_per_tick": frames_ok}
    plt.close("all")
    return result


def _capture_png(naive):
    """Run the naive draw once and return its PNG bytes (for the size column)."""
    _LAST_PNG.clear()
    naive()
    return _LAST_PNG[-1] if _LAST_PNG else b""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=8, help="naive draws per explorer (medians over these)")
    ap.add_argument("--ticks", type=int, default=4, help="explorer ticks per round")
    ap.add_argument("--only", default=None, help="only classes whose name contains this")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    found, failed = discover()
    banner(f"Slider latency: explorer tick vs naive new-figure-per-tick "
           f"(medians of {args.rounds * args.ticks} ticks / {args.rounds} naive draws)")
    print(f"naive = new pyplot figure + print_figure(fig, 'png', **{PRINT_KWARGS}) + plt.close, "
          f"same size ({plots.DPI} dpi)")
    rows, table, not_benchmarked = [], [], []
    for qualname in sorted(found):
        if args.only and args.only not in qualname:
            continue
        cases = CASES.get(qualname)
        if not cases:
            not_benchmarked.append(qualname)
            continue
        for case in cases:
            short = qualname.rsplit(".", 1)[1]
            name = f"{short} ({case.label})" if case.label else short
            try:
                r = measure(case, args.rounds, args.ticks)
            except Exception:  # noqa: BLE001 - report and go on
                print(f"ERROR in {name}:\n{traceback.format_exc()}")
                table.append([name, "error", "", "", "", "", ""])
                rows.append(Row("sliders", name, float("nan"), "ms", met=False, note="error"))
                continue
            speedup = r["naive_ms"] / r["explorer_ms"]
            ok = r["explorer_ms"] <= TARGET_MS and speedup >= TARGET_SPEEDUP
            table.append([name, fmt(r["explorer_ms"], "ms"), fmt(r["naive_ms"], "ms"), f"{speedup:.1f}×",
                          f"{r['png_bytes'] / 1024:.0f} / {r['naive_png_bytes'] / 1024:.0f} KiB",
                          "x".join(map(str, r["frame_px"])) + ("" if r["one_frame_per_tick"] else " (!frames)"),
                          verdict(ok)])
            rows.append(Row("sliders", name, r["explorer_ms"], "ms", "naive", r["naive_ms"],
                            f"<= {TARGET_MS:g} ms and >= {TARGET_SPEEDUP:g}x faster than naive", ok,
                            ratio_text=f"{speedup:.1f}x faster than naive ({fmt(r['naive_ms'], 'ms')})", extra=r))
            if case.key in SPECIAL_TARGETS:
                rows.append(Row("sliders", SPECIAL_TARGETS[case.key], r["explorer_ms"], "ms",
                                target=f"<= {TARGET_MS:g} ms", met=r["explorer_ms"] <= TARGET_MS))
    print_table(["explorer (notebook / case)", "explorer tick", "naive", "speed-up", "PNG ours / naive",
                 "frame px", f"target ≤ {TARGET_MS:g} ms & ≥ {TARGET_SPEEDUP:g}×"], table)
    for r in rows:
        if r.name in SPECIAL_TARGETS.values():
            print(f"\n{r.name}: {fmt(r.value, 'ms')} ({verdict(r.met)})")
    if not_benchmarked:
        print("\nNot benchmarked (no entry in CASES in benchmarks/bench_sliders.py): " + ", ".join(not_benchmarked))
    if failed:
        print("\nModules that did not import: " + "; ".join(f"{k} ({v})" for k, v in failed.items()))
    write_json(args.json, rows, machine_facts())
    return rows


if __name__ == "__main__":
    main()
