"""Smoke test of the benchmark scripts (no timing here: benchmarks print ratios, tests never
assert wall-clock times).  It keeps `make bench` working: every explorer has a benchmark case,
every case builds, and moving its slider renders a frame and runs its naive counterpart."""

import importlib.util
import pathlib
import sys

import pytest

BENCH = pathlib.Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name):
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


sliders = _load("bench_sliders")
CASES = [(cls, case) for cls, cases in sliders.CASES.items() for case in cases]


def test_every_explorer_has_a_benchmark_case():
    found, failed = sliders.discover()
    assert not failed
    missing = sorted(set(found) - set(sliders.CASES))
    assert not missing, f"explorers without a benchmark case in benchmarks/bench_sliders.py: {missing}"


@pytest.mark.parametrize("cls, case", CASES, ids=[f"{c.rsplit('.', 1)[-1]}-{k.label}" for c, k in CASES])
def test_benchmark_case_builds_and_ticks(cls, case):
    with sliders.recording_state():  # what the naive rebuild needs
        ex = case.make()
    control = case.slider(ex)
    frames = ex.frames
    control.value = sliders.slider_values(control, 1)[0]
    assert ex.frames == frames + 1
    naive = (case.naive or sliders.rebuild_naive)(ex)
    naive()  # the baseline draws without error
    sliders.plt.close("all")
