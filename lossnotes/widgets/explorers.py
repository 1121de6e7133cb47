"""Reusable explorers: p versus q, and curves driven by sliders.

Introduced in notebooks ``00_start_here`` (p versus q, and curves) and ``03_cross_entropy``.
PQExplorer runs in the browser (:mod:`lossnotes.widgets._browser`); CurveExplorer still draws with
matplotlib in the kernel (:mod:`lossnotes.widgets._base`).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
import traitlets

from .. import information as info
from .. import plots
from .._validation import log_base, unit_name
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, format_vector
from ._browser import BrowserExplorer
from .editor import outcome_labels, probability_vector

__all__ = ["PQExplorer", "CurveExplorer"]

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


class CurveExplorer(Explorer):
    """Curves that depend on slider parameters, with a marker and live readouts.

    Parameters
    ----------
    x : array_like
        The grid the curves are drawn over.
    curves : callable
        ``curves(x, **params)`` returns ``{label: y}`` (y the same length as x).
    params : dict
        ``{name: slider}``; build sliders with :func:`lossnotes.widgets.slider`
        so that each is labelled with its symbol and unit.
    markers : callable, optional
        ``markers(**params)`` returns ``{label: (x0, y0)}`` or
        ``{label: (x0, y0, curve)}``: points to mark.  A marker takes the colour
        of the curve it sits on: the curve named by ``curve`` (a key of
        ``curves``), or else the curve passing nearest to ``(x0, y0)`` at the
        start (within 2 % of the y range); a marker on no curve is black.
        Markers may cover only some of the curves, in any order.
    readouts : callable, optional
        ``readouts(**params)`` returns ``{label: value}``, where a value is a
        number, a ``(number, unit)`` pair such as ``(3.0, "bits")``, or text.
    xlabel, ylabel : str
        Axis labels, with units.
    xlim, ylim : (float, float), optional
        Fixed limits (defaults: the x range, and the curves' range at the start).

    Examples
    --------
    >>> from lossnotes.widgets import slider
    >>> ex = CurveExplorer(
    ...     np.linspace(0.001, 1, 200),
    ...     curves=lambda x, p: {"I(p) = -log2 p": -np.log2(x)},
    ...     params={"p": slider("p", 0.25, 0.01, 1, 0.01)},
    ...     markers=lambda p: {"event": (p, -np.log2(p))},
    ...     readouts=lambda p: {"I(p)": (-np.log2(p), "bits")},
    ...     xlabel="probability p", ylabel="information [bits]", ylim=(0, 10))
    >>> ex.params["p"].value = 0.125; ex.readouts["I(p)"]
    '3.0000 bits'
    """

    figsize = (7.0, 3.2)

    def __init__(self, x, curves, params, *, markers=None, readouts=None, xlabel, ylabel,
                 xlim=None, ylim=None, caption=None, title=None, figsize=None):
        self.x = np.asarray(x, dtype=float)
        self._curves_fn = curves
        self._markers_fn = markers
        self._readouts_fn = readouts
        self.params = dict(params)
        self._labels = (xlabel, ylabel, xlim, ylim)
        if figsize is not None:
            self.figsize = figsize
        super().__init__(list(self.params.values()), caption=caption, title=title)

    def _kwargs(self):
        return {name: s.value for name, s in self.params.items()}

    def _build(self):
        xlabel, ylabel, xlim, ylim = self._labels
        ax = plots.style_axes(self.fig.add_subplot())
        kw = self._kwargs()
        ys = self._curves_fn(self.x, **kw)
        self.lines = {}
        for i, (label, y) in enumerate(ys.items()):
            (line,) = ax.plot(self.x, y, color=plots.LINE_COLORS[i % len(plots.LINE_COLORS)], linewidth=2, label=label)
            self.lines[label] = line
        if ylim is None:
            finite = np.concatenate([np.asarray(y, float)[np.isfinite(y)] for y in ys.values()])
            pad = 0.05 * (finite.max() - finite.min() or 1.0)
            ylim = (finite.min() - pad, finite.max() + pad)
        self.points = {}
        self.marker_curves = {}
        if self._markers_fn is not None:
            for label, spec in self._markers_fn(**kw).items():
                x0, y0, curve = self._marker_spec(label, spec)
                if curve is None:
                    curve = self._nearest_curve(ys, x0, y0, tol=0.02 * abs(ylim[1] - ylim[0]))
                # A marker takes the colour of the curve it sits on (black if it sits on none).
                color = self.lines[curve].get_color() if curve is not None else "black"
                (pt,) = ax.plot([x0], [y0], "o", color=color, markeredgecolor="black", markersize=8, label=label)
                self.points[label] = pt
                self.marker_curves[label] = curve
        self.dynamic(*self.lines.values(), *self.points.values())
        ax.set_xlim(*(xlim or (self.x.min(), self.x.max())))
        ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend(frameon=False, loc="best")
        self.ax = ax

    def _marker_spec(self, label, spec):
        """``(x0, y0, curve or None)`` from a marker's ``(x0, y0)`` or ``(x0, y0, curve)``."""
        if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
            raise ValueError(f"marker {label!r} must be (x0, y0) or (x0, y0, curve), got {spec!r}")
        curve = spec[2] if len(spec) == 3 else None
        if curve is not None and curve not in self.lines:
            raise ValueError(
                f"marker {label!r} names the curve {curve!r}, which is not one of {list(self.lines)}"
            )
        return float(spec[0]), float(spec[1]), curve

    def _nearest_curve(self, ys, x0, y0, tol):
        """The label of the curve passing nearest to (x0, y0) at x0, or None if none is within ``tol``."""
        order = np.argsort(self.x, kind="stable")
        xs = self.x[order]
        best, best_gap = None, tol
        for label, y in ys.items():
            yy = np.asarray(y, dtype=float)[order]
            at = np.interp(x0, xs, yy) if xs[0] <= x0 <= xs[-1] else np.nan
            gap = abs(at - y0)
            if np.isfinite(gap) and gap <= best_gap:
                if best is None or gap < best_gap:
                    best, best_gap = label, gap
        return best

    def _update(self):
        kw = self._kwargs()
        for label, y in self._curves_fn(self.x, **kw).items():
            self.lines[label].set_ydata(y)
        if self._markers_fn is not None:
            for label, spec in self._markers_fn(**kw).items():
                x0, y0, _ = self._marker_spec(label, spec)
                self.points[label].set_data([x0], [y0])
        if self._readouts_fn is None:
            return {}
        texts, self.values = {}, {}
        for k, v in self._readouts_fn(**kw).items():
            number, unit = v if isinstance(v, tuple) else (v, "")
            if isinstance(number, (int, float, np.number)):
                self.values[k] = float(number)
                texts[k] = f"{format_value(number)} {unit_label(unit)}".rstrip()
            else:
                texts[k] = str(v)
        return texts
