"""The reusable explorer: p versus q over the same outcomes.

Introduced in notebook ``00_start_here``; used again in ``03_cross_entropy`` and
``04_kl_and_js_divergence``.  It runs in the browser (:mod:`lossnotes.widgets._browser`).
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from .. import information as info
from .. import plots
from .._validation import log_base, unit_name
from ..i18n import N_, _, unit_label
from ._base import format_value, format_vector
from ._browser import BrowserExplorer
from .editor import outcome_labels, probability_vector

__all__ = ["PQExplorer"]

_UNITS = ("bits", "nats", "hartleys")  # values; the buttons show unit_label(unit)


class PQExplorer(BrowserExplorer):
    """Two distributions over the same outcomes, with live H, cross-entropy, KL and JS.

    Runs in the browser (``lossnotes/widgets/js/pq.js``): sliders for p and q that always sum to
    1, unit buttons, bars of p and q, and the quantities as bars, with H(p,q) drawn as H(p) plus
    the KL(p‖q) gap, so that H(p,q) = H(p) + KL(p‖q) is visible.

    Parameters
    ----------
    p, q : sequence of float
        Starting distributions (same length, at least 2 outcomes, each summing to 1).
    labels : sequence of str, optional
        Outcome names (default ``₁ … ₙ``, shown as p₁, q₁, …).
    base : {'bits', 'nats', 'hartleys'}
        Starting unit.
    caption, title : str, optional

    Attributes
    ----------
    p, q : list of float
        The current distributions, synced with the browser: set them from Python
        (``ex.q = [1/3, 1/3, 1/3]``) or read what the student dialled.
    unit : str
        ``"bits"``, ``"nats"`` or ``"hartleys"``.
    values : dict
        ``readouts(state)`` of the current state, {quantity: float in the unit}.

    Examples
    --------
    >>> ex = PQExplorer([1, 0, 0], [0.7, 0.2, 0.1], base="nats")
    >>> ex.values["KL(p‖q)"] == -math.log(0.7)
    True
    >>> ex.q = [1/3, 1/3, 1/3]; round(ex.values["KL(p‖q)"], 4)
    1.0986
    """

    _module = "pq.js"
    p = traitlets.List(traitlets.Float()).tag(sync=True)
    q = traitlets.List(traitlets.Float()).tag(sync=True)
    unit = traitlets.Unicode("bits").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    state_keys = ("p", "q", "unit")
    data_keys = ("labels",)
    default_caption = N_("H(p,q) is H(p) plus the KL gap: the gap closes only when q matches p.")
    QUANTITIES = ("H(p)", "H(p,q)", "KL(p‖q)", "KL(q‖p)", "JS(p,q)")

    def __init__(self, p, q, labels=None, *, base="bits", caption=None, title=None):
        p_arr = probability_vector(p, "p")
        q_arr = probability_vector(q, "q")
        if p_arr.shape != q_arr.shape:
            raise ValueError(_("p and q must have the same number of outcomes, got shapes {a} and {b}").format(
                a=np.shape(p), b=np.shape(q)))
        labels = [str(lab) for lab in outcome_labels(labels, p_arr.size, "p")]
        super().__init__(p=p_arr.tolist(), q=q_arr.tolist(), unit=unit_name(base), labels=labels,
                         caption=caption, title=title)

    @traitlets.validate("p", "q")
    def _valid_distribution(self, proposal):
        name = proposal["trait"].name
        v = probability_vector(proposal["value"], name)
        if self.labels and v.size != len(self.labels):
            raise traitlets.TraitError(_("{name} must have {size} entries, got shape {shape}").format(
                name=name, size=len(self.labels), shape=v.shape))
        return v.tolist()

    @traitlets.validate("unit")
    def _valid_unit(self, proposal):
        unit = unit_name(proposal["value"])
        if unit not in _UNITS:
            raise traitlets.TraitError(_("unit must be one of 'bits', 'nats', 'hartleys'; got {unit}").format(
                unit=repr(proposal["value"])))
        return unit

    @classmethod
    def readouts(cls, state):
        """H(p), H(p,q), KL(p‖q), KL(q‖p) and JS(p,q) of ``state`` ({p, q, unit}), as floats.

        Examples
        --------
        >>> PQExplorer.readouts({"p": [0.5, 0.5], "q": [0.5, 0.5], "unit": "bits"})["H(p,q)"]
        1.0
        """
        p, q = np.asarray(state["p"], dtype=float), np.asarray(state["q"], dtype=float)
        unit = state.get("unit", "bits")
        return {
            "H(p)": float(info.entropy(p, base=unit)),
            "H(p,q)": float(info.cross_entropy(p, q, base=unit)),
            "KL(p‖q)": float(info.kl_divergence(p, q, base=unit)),
            "KL(q‖p)": float(info.kl_divergence(q, p, base=unit)),
            "JS(p,q)": float(info.js_divergence(p, q, base=unit)),
        }

    @classmethod
    def static_figure(cls, state):
        """Bars of p and q, and the quantities with H(p,q) drawn as H(p) + the KL gap."""
        labels = state["labels"]
        p, q, unit = np.asarray(state["p"], float), np.asarray(state["q"], float), state.get("unit", "bits")
        n = p.size
        v = cls.readouts(state)
        fig = plots.blank_figure((9.0, 3.4))
        ax, axr = fig.subplots(1, 2, width_ratios=[1.2, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        c = plots.COLORS
        x = np.arange(n)
        ax.bar(x - 0.2, p, 0.4, color=c["p"], label="p")
        ax.bar(x + 0.2, q, 0.4, color=c["q"], label="q", hatch="//", edgecolor="black", linewidth=0.4)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("outcome"))
        ax.set_ylabel(_("probability"))
        ax.legend(frameon=False, loc="upper right")
        rows = list(cls.QUANTITIES)
        y = np.arange(len(rows))[::-1]
        lb = log_base(unit)
        xmax = 2.5 * max(math.log(n), math.log(2)) / lb
        widths = [min(v["H(p)"] if k == "H(p,q)" else v[k], xmax) for k in rows]
        axr.barh(y, widths, 0.6, color=[c["p"], c["p"], c["accent"], c["q"], c["m"]])
        hp = min(v["H(p)"], xmax)
        axr.barh([y[1]], [max(0.0, min(v["H(p,q)"], xmax) - hp)], 0.6, left=hp, color=c["accent"],
                 hatch="//", alpha=0.5)
        for yy, k in zip(y, rows):
            axr.text(min(v[k], xmax * 0.86) + 0.02 * xmax, yy, format_value(v[k], 3), va="center", ha="left", fontsize=9)
        axr.set_yticks(y, rows)
        axr.set_xlim(0, xmax)
        axr.axvline(math.log(2) / lb, color=c["grey"], linestyle=":", linewidth=1)
        axr.set_xlabel(_("value [{unit}]   (dotted: JS bound log 2 = {bound})").format(
            unit=unit_label(unit), bound=format_value(math.log(2) / lb, 3)))
        return fig

    def summary(self):
        unit = unit_label(self.unit)
        lines = [f"PQExplorer(p = {format_vector(self.p)}, q = {format_vector(self.q)}, unit = {unit})"]
        lines += [f"  {k} = {format_value(val)} {unit}" for k, val in self.values.items()]
        return "\n".join(lines)
