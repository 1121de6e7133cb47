"""How explorers print numbers: readouts and summary lines (shared by every explorer module).

Introduced in notebook ``00_start_here``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["format_value", "format_vector"]


def format_value(x, digits=4):
    """Format a readout number: ``∞`` for +inf, fixed decimals otherwise.

    Examples
    --------
    >>> format_value(float("inf")), format_value(0.5), format_value(1/3, 3)
    ('∞', '0.5000', '0.333')
    """
    x = float(x)
    if np.isposinf(x):
        return "∞"
    if np.isneginf(x):
        return "−∞"
    return f"{x:.{digits}f}"


def format_vector(values):
    """Format a probability vector for a summary line, 4 significant digits.

    Examples
    --------
    >>> format_vector([0.7, 0.2, 0.1]), format_vector([1/3, 2/3])
    ('(0.7, 0.2, 0.1)', '(0.3333, 0.6667)')
    """
    return "(" + ", ".join(f"{x:.4g}" for x in values) + ")"
