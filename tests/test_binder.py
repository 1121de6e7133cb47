"""What Binder will build: binder/runtime.txt, binder/requirements.txt, and repo2docker's Dockerfile.

`repo2docker --no-build --debug .` renders the Dockerfile without a Docker daemon, so these tests
check the real build recipe: the intended Python, the pinned requirements, lossnotes installed
exactly once and from the repository root.  repo2docker comes from the `binder` extra, which
`make test` installs (students never need it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
PYTHON = "3.11"  # the Python the suite runs on in CI, and the one Binder gets

# Pinned because the notebooks, the widgets or app mode need them, or because the front end and
# the kernel must agree on them (ipywidgets / jupyterlab_widgets).
MUST_PIN = {
    "jupyterlab", "notebook", "voila", "ipywidgets", "jupyterlab-widgets", "widgetsnbextension",
    "ipykernel", "numpy", "scipy", "matplotlib", "pillow",
}


def _lines(path):
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            yield line


def _pins():
    pins, local = {}, []
    for line in _lines(BINDER / "requirements.txt"):
        if line in {".", "-e .", "./", "-e ./"}:
            local.append(line)
            continue
        req = Requirement(line)
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"binder/requirements.txt: {line!r} is not an exact pin"
        pins[canonicalize_name(req.name)] = spec[0].version
    return pins, local


def _lower_bounds():
    """Requirements that students get: pyproject dependencies and ../requirements.txt."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    reqs += [Requirement(line) for line in _lines(ROOT / "requirements.txt") if not line.startswith(("-", "."))]
    return reqs


def test_runtime_is_the_python_we_test_on():
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == f"python-{PYTHON}"
    if f"{sys.version_info.major}.{sys.version_info.minor}" != PYTHON:
        warnings.warn(f"the suite runs on Python {sys.version.split()[0]}, Binder on {PYTHON}", stacklevel=1)


def test_requirements_are_exact_pins_and_install_lossnotes_once():
    pins, local = _pins()
    assert local == ["."], f"install lossnotes exactly once, as '.', got {local}"
    assert not (BINDER / "postBuild").exists(), "lossnotes is installed by requirements.txt: no postBuild"
    missing = MUST_PIN - set(pins)
    assert not missing, f"binder/requirements.txt does not pin {sorted(missing)}"


def test_pins_satisfy_what_students_install():
    pins, _ = _pins()
    for req in _lower_bounds():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} (a student requirement) is not pinned for Binder"
        assert req.specifier.contains(pins[name], prereleases=True), f"pin {name}=={pins[name]} violates {req}"


def test_pins_agree_with_each_other():
    # For every pinned package installed here at its pinned version, its own requirements must
    # accept the other pins (e.g. ipywidgets 8.1.9 wants jupyterlab_widgets ~= 3.0.17).
    pins, _ = _pins()
    checked = 0
    for name, version in pins.items():
        try:
            if metadata.version(name) != version:
                continue
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        checked += 1
        for line in requires:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            other = canonicalize_name(req.name)
            if other in pins:
                assert req.specifier.contains(pins[other], prereleases=True), (
                    f"{name}=={version} requires {req}, but binder pins {other}=={pins[other]}"
                )
    assert checked >= 5, "too few pinned packages installed at their pinned version to cross-check"


def test_pins_are_what_this_suite_runs_with():
    # Drift is reported, not failed: a fresh `make test` may resolve newer versions than the pins.
    pins, _ = _pins()
    drift = []
    for name, version in sorted(pins.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        if installed != version:
            drift.append(f"{name}: pinned {version}, tested {installed}")
    if drift:
        warnings.warn("binder pins differ from the tested environment: " + "; ".join(drift), stacklevel=1)


def _repo2docker():
    exe = shutil.which("repo2docker", path=str(Path(sys.executable).parent)) or shutil.which("repo2docker")
    if exe is None:
        message = "repo2docker is not installed: `make test` installs it (pip install -e '.[test,binder]')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return exe


@pytest.fixture(scope="module")
def dockerfile():
    # --user-id/--user-name as on mybinder.org (repo2docker defaults to the current user, who may be root).
    out = subprocess.run(
        [_repo2docker(), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout + out.stderr


def test_dockerfile_uses_the_intended_python(dockerfile):
    assert f"Building conda environment for python={PYTHON}" in dockerfile
    # The conda lock file copied in names the Python version (file names are escaped: "-2e" is ".").
    (copy,) = [line for line in dockerfile.splitlines() if line.endswith(" /tmp/env/environment.lock")]
    source = re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), copy.split()[-2])
    assert re.search(rf"environment\.py-{re.escape(PYTHON)}-linux-[\w-]+\.lock", source), source


def test_dockerfile_installs_the_pins_and_lossnotes_from_the_repository_root(dockerfile):
    lines = dockerfile.splitlines()
    pip = [i for i, line in enumerate(lines) if re.search(r"\bpip install\b", line)]
    assert [lines[i].strip() for i in pip] == [
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    ], "binder/requirements.txt must be the only pip install (no separate `pip install .`)"
    # "." in that file resolves against pip's working directory: it must be the repository root,
    # with the whole repository copied in before (repo2docker does so because of the local path).
    workdir = max(i for i, line in enumerate(lines[: pip[0]]) if line.startswith("WORKDIR"))
    assert lines[workdir].strip() == "WORKDIR ${REPO_DIR}"
    copy_repo = [i for i, line in enumerate(lines) if re.match(r"COPY --chown=1000:1000 src/ \$\{REPO_DIR\}/\s*$", line)]
    assert copy_repo and copy_repo[0] < pip[0], "the repository must be copied before requirements are installed"
    assert not any(line.startswith(("WORKDIR", "RUN cd")) for line in lines[workdir + 1: pip[0]])
    user = [line for line in lines[: pip[0]] if line.startswith("USER")][-1]
    assert user.strip() == "USER ${NB_USER}", "pip must run as the notebook user, who owns the copied repository"
