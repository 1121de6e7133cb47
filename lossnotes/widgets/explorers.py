"""Reusable explorers: p versus q, and curves driven by sliders.

Introduced in notebooks ``00_start_here`` (curves) and ``03_cross_entropy`` (p versus q).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import information as info
from .. import plots
from .._validation import log_base, unit_name
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, format_vector
from .editor import ProbabilityEditor

__all__ = ["PQExplorer", "CurveExplorer"]

_UNITS = ("bits", "nats", "hartleys")  # values; the buttons show unit_label(unit)


class PQExplorer(Explorer):
    """Two distributions over the same outcomes, with live H, cross-entropy, KL and JS.

    Left: bars of p (blue) and q (orange).  Right: the quantities as bars, with
    H(p,q) drawn as H(p) plus the KL(p‖q) gap, so that H(p,q) = H(p) + KL(p‖q)
    is visible.  The unit buttons switch between bits, nats and hartleys.

    Parameters
    ----------
    p, q : sequence of float
        Starting distributions (same length, each summing to 1).
    labels : sequence of str, optional
        Outcome names.
    base : {'bits', 'nats', 'hartleys'}
        Starting unit.

    Examples
    --------
    >>> ex = PQExplorer([1, 0, 0], [0.7, 0.2, 0.1], base="nats")
    >>> round(ex.values["KL(p‖q)"], 6) == round(-math.log(0.7), 6)
    True
    >>> ex.q_editor.set_value([1/3, 1/3, 1/3]); round(ex.values["KL(p‖q)"], 4)
    1.0986
    """

    figsize = (9.0, 3.4)
    caption = N_("H(p,q) is H(p) plus the KL gap: the gap closes only when q matches p.")

    def __init__(self, p, q, labels=None, *, base="bits", caption=None, title=None):
        if np.shape(p) != np.shape(q):
            raise ValueError(_("p and q must have the same number of outcomes, got shapes {a} and {b}").format(
                a=np.shape(p), b=np.shape(q)))
        self.p_editor = ProbabilityEditor(p, labels, symbol="p")
        self.q_editor = ProbabilityEditor(q, self.p_editor.labels, symbol="q")
        self.unit = widgets.ToggleButtons(options=[(unit_label(u), u) for u in _UNITS], value=unit_name(base),
                                          description=_("unit"))
        editors = widgets.HBox(
            [self.p_editor.widget, self.q_editor.widget],
            layout=widgets.Layout(width="100%", justify_content="space-between"),
        )
        self._current_unit = None
        super().__init__([editors, self.unit], caption=caption, title=title)
        self.p_editor.observe(lambda _: self.refresh())
        self.q_editor.observe(lambda _: self.refresh())

    def _observed_controls(self):
        return [self.unit]

    def _build(self):
        n = self.p_editor.value.size
        ax, axr = self.fig.subplots(1, 2, width_ratios=[1.2, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        x = np.arange(n)
        self.bars_p = ax.bar(x - 0.2, self.p_editor.value, 0.4, color=plots.COLORS["p"], label="p")
        self.bars_q = ax.bar(x + 0.2, self.q_editor.value, 0.4, color=plots.COLORS["q"], label="q")
        self.dynamic(self.bars_p, self.bars_q)
        ax.set_xticks(x, self.p_editor.labels)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("outcome"))
        ax.set_ylabel(_("probability"))
        ax.legend(frameon=False, loc="upper right")
        self.ax_bars, self.ax_info = ax, axr

        self._rows = ["H(p)", "H(p,q)", "KL(p‖q)", "KL(q‖p)", "JS(p,q)"]
        y = np.arange(len(self._rows))[::-1]
        c = plots.COLORS
        colors = [c["p"], c["p"], c["accent"], c["q"], c["m"]]
        self.info_bars = axr.barh(y, np.zeros(len(y)), 0.6, color=colors)
        # The KL gap stacked on H(p) inside the H(p,q) row.
        self.gap_bar = axr.barh([y[1]], [0.0], 0.6, color=c["accent"], hatch="//", alpha=0.5)
        self.value_texts = [axr.text(0, yy, "", va="center", ha="left", fontsize=9) for yy in y]
        self.dynamic(self.info_bars, self.gap_bar, *self.value_texts)
        axr.set_yticks(y, self._rows)
        self.bound_line = axr.axvline(0, color=c["grey"], linestyle=":", linewidth=1)

    def _set_unit_axes(self, unit):
        n = self.p_editor.value.size
        lb = log_base(unit)
        self._xmax = 2.5 * max(math.log(n), math.log(2)) / lb
        self.ax_info.set_xlim(0, self._xmax)
        self.ax_info.set_xlabel(_("value [{unit}]   (dotted: JS bound log 2 = {bound})").format(
            unit=unit_label(unit), bound=format_value(math.log(2) / lb, 3)))
        self.bound_line.set_xdata([math.log(2) / lb] * 2)
        self._current_unit = unit
        self.invalidate()

    def _update(self):
        unit = self.unit.value
        if unit != self._current_unit:
            self._set_unit_axes(unit)
        p, q = self.p_editor.value, self.q_editor.value
        for bar, h in zip(self.bars_p, p):
            bar.set_height(h)
        for bar, h in zip(self.bars_q, q):
            bar.set_height(h)
        hp = info.entropy(p, base=unit)
        kl_pq = info.kl_divergence(p, q, base=unit)
        v = {
            "H(p)": float(hp),
            "H(p,q)": float(info.cross_entropy(p, q, base=unit)),
            "KL(p‖q)": float(kl_pq),
            "KL(q‖p)": float(info.kl_divergence(q, p, base=unit)),
            "JS(p,q)": float(info.js_divergence(p, q, base=unit)),
        }
        self.values = v
        xmax = self._xmax
        for bar, text, key in zip(self.info_bars, self.value_texts, self._rows):
            val = v[key]
            width = hp if key == "H(p,q)" else val  # that row is H(p) + a hatched gap
            bar.set_width(min(width, xmax))
            text.set_text(format_value(val, 3))
            text.set_x(min(val, xmax * 0.86) + 0.02 * xmax)
        gap = self.gap_bar.patches[0]
        gap.set_x(min(hp, xmax))
        gap.set_width(max(0.0, min(v["H(p,q)"], xmax) - min(hp, xmax)))
        return {k: f"{format_value(val)} {unit_label(unit)}" for k, val in v.items()}

    def summary(self):
        lines = [f"PQExplorer(p = {format_vector(self.p_editor.value)}, q = {format_vector(self.q_editor.value)}, unit = {unit_label(self.unit.value)})"]
        lines += [f"  {k} = {val}" for k, val in self.readouts.items()]
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
