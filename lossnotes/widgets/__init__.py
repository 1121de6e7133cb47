"""Slider explorers for the notebooks (imports matplotlib and ipywidgets).

Every explorer draws its figure once and updates the artists in place on each
slider tick (see :mod:`lossnotes.widgets._base` for how, and why it is fast).
Displaying one shows the live widget where a kernel runs, and a static PNG of
its state everywhere else.

Introduced in notebook ``00_start_here``.
"""

from ._base import Explorer, format_value, slider
from .editor import ProbabilityEditor, rebalance
from .explorers import CurveExplorer, PQExplorer

__all__ = [
    "Explorer",
    "slider",
    "format_value",
    "ProbabilityEditor",
    "rebalance",
    "PQExplorer",
    "CurveExplorer",
]
