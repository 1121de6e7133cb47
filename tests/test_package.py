"""Package-wide promises: light import, no ambiguous names, runnable docstrings."""

import doctest
import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import lossnotes

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(lossnotes.__path__, prefix="lossnotes.")
    if not name.rsplit(".", 1)[-1].startswith("_")
)


def _imported_after(statement):
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize(
    "statement",
    ["import lossnotes", "import lossnotes.information", "import lossnotes.losses", "import lossnotes.gradients"],
)
def test_maths_imports_pull_in_no_plotting_or_widgets(statement):
    loaded = _imported_after(statement)
    heavy = {"matplotlib", "ipywidgets", "scipy", "IPython"} & {m.split(".")[0] for m in loaded}
    assert not heavy, f"{statement!r} imported {sorted(heavy)}"


def test_no_top_level_name_means_two_things():
    # information.cross_entropy(p, q) and losses.cross_entropy(logits, target) must never
    # be confused through `from lossnotes import *` or an attribute at the top level.
    namespace = {}
    exec("from lossnotes import *", namespace)
    assert "cross_entropy" not in namespace
    assert not hasattr(lossnotes, "cross_entropy")
    from lossnotes import information, losses

    assert information.cross_entropy is not losses.cross_entropy


def test_submodules_load_lazily_by_attribute():
    assert lossnotes.information.entropy([0.5, 0.5]) == 1.0
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        lossnotes.nope  # noqa: B018


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def _public_functions(module):
    names = getattr(module, "__all__", [])
    for n in names:
        obj = getattr(module, n)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
            yield n, obj


@pytest.mark.parametrize("name", MODULES)
def test_public_api_is_documented_with_examples(name):
    module = importlib.import_module(name)
    undocumented = [n for n, obj in _public_functions(module) if not (obj.__doc__ or "").strip()]
    assert not undocumented, f"{name}: no docstring for {undocumented}"
    if name.split(".")[1] in {"information", "losses", "gradients", "gradcheck", "coding"}:
        missing = [
            n
            for n, obj in _public_functions(module)
            if inspect.isfunction(obj) and ("Example" not in obj.__doc__ or "notebook" not in obj.__doc__)
        ]
        assert not missing, f"{name}: docstrings without an Example or the notebook that introduces it: {missing}"
