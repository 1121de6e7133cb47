"""Smoke test of the benchmark scripts (no timing here: benchmarks print ratios, tests never
assert wall-clock times).  It keeps `make bench` working: every script run_all.py names exists,
the browser benchmark's in-page probe is valid JavaScript, and its report turns measurements
into the table and the target rows run_all.py summarises."""

import importlib.util
import json
import pathlib
import shutil
import subprocess
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


def test_every_benchmark_run_all_names_exists():
    run_all = _load("run_all")
    for name, (script, full, quick) in run_all.BENCHMARKS.items():
        assert (BENCH / script).is_file(), f"{name}: {script} is missing"


def test_browser_probe_is_valid_javascript():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    browser = _load("bench_browser")
    out = subprocess.run([node, "-e", f"new Function({json.dumps(browser.PROBE)}); console.log('ok')"],
                         capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "ok", out.stderr


def test_browser_report_compares_with_the_kernel_explorers(capsys):
    browser = _load("bench_browser")
    site = [("05_cross_entropy_loss", 0, "LogitExplorer", [4.0, 5.0, 6.0])]
    lab = [("05_cross_entropy_loss", 0, "LogitExplorer", [8.0, 10.0, 60.0])]
    kernel = [("05_cross_entropy_loss", 0, "(kernel)", [90.0, 100.0, 110.0])]
    # first response: live after 400 ms; the first key's pixels after 420 ms, 20 ms after that key
    rows = browser.report(site, lab, kernel, [("05_cross_entropy_loss", 400.0, 420.0, 20.0), ("06_mse", 500.0, 1200.0, 300.0)])
    by_name = {r.name: r for r in rows}
    website = by_name["05 LogitExplorer, key → pixels, website"]
    assert website.value == 5.0 and website.met is True and website.baseline == 100.0
    lab_row = by_name["05 LogitExplorer, key → pixels, JupyterLab"]
    assert lab_row.value == 10.0 and lab_row.met is False  # the longest step, 60 ms, is over 50 ms
    first = by_name["05 first explorer's response after page load"]
    assert first.value == 420.0 and first.met is True and "that key → pixels 20 ms" in first.note
    late = by_name["06 first explorer's response after page load"]
    assert late.value == 1200.0 and late.met is False
    out = capsys.readouterr().out
    assert "| 05 | LogitExplorer | 5.0 / 6.0 ms" in out and "10×" in out
    words = " ".join(out.split())  # the table's columns are padded
    assert "| 05_cross_entropy_loss | 400 ms | 420 ms | 20 ms | met |" in words
    assert "| 06_mse | 500 ms | 1200 ms | 300 ms | NOT met |" in words
