"""lossnotes: the helper package behind the lossnotes teaching notebooks.

Submodules (one concept each, imported on first use so that ``import lossnotes``
stays light and pulls in neither matplotlib nor ipywidgets):

- :mod:`lossnotes.information` -- self-information, entropy, cross-entropy of two
  distributions, KL and JS divergence (notebooks 01-04);
- :mod:`lossnotes.losses` -- PyTorch-named functional losses on logits and targets
  (notebooks 05-09);
- :mod:`lossnotes.gradients` -- analytic gradients of those losses (notebooks 05-08);
- :mod:`lossnotes.gradcheck` -- finite-difference gradient checks;
- :mod:`lossnotes.plots` and :mod:`lossnotes.widgets` -- figures and slider explorers;
- :mod:`lossnotes.exercises` -- self-check helpers for the exercises.

Two functions are called ``cross_entropy``: ``information.cross_entropy(p, q)``
takes two distributions, ``losses.cross_entropy(logits, target)`` is the
classification loss.  Neither is exported at the top level, so an import can
never mistake one for the other.
"""

import importlib
import pkgutil

__version__ = "0.1.0"

# Only the version: `from lossnotes import *` must not pull in submodules (two of them
# define `cross_entropy`) nor matplotlib.  Submodules load on first attribute access.
__all__ = ["__version__"]


def set_language(language):
    """Choose the language of everything lossnotes shows: ``"en"`` or ``"zh"`` (see :mod:`lossnotes.i18n`).

    Called once per notebook, in its install cell: ``lossnotes.set_language("zh")``.
    """
    from .i18n import set_language as _set_language

    return _set_language(language)


def __getattr__(name):
    if not name.startswith("_") and name in _submodules():
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _submodules():
    return {m.name for m in pkgutil.iter_modules(__path__)}


def __dir__():
    return sorted(set(globals()) | _submodules())
