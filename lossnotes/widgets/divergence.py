"""Explorers and figures for cross-entropy and divergences (imports matplotlib and ipywidgets).

- The coding picture (notebook ``03_cross_entropy``): a prefix code drawn as
  bars of width p(x) and height L(x) bits, so that the bars' total area is the
  expected message length; :func:`code_length_figure` draws it once and
  :class:`CodingExplorer` lets p and q move.
- Forward versus reverse KL (notebook ``04_kl_and_js_divergence``): one
  Gaussian fitted to a two-peaked mixture on a fine grid.
  The fitting itself is in :mod:`lossnotes.gaussian_fit` (no plotting);
  :func:`kl_landscape_figure` shows the two objective surfaces and :class:`MixtureFitExplorer` refits both directions
  live as the mixture changes.

All divergences here are in **nats** (natural log) unless a name says bits.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import coding
from .. import information as info
from .. import plots
from ..gaussian_fit import NormalFitGrid, mixture_modes, two_peak_mixture
from ..i18n import N_, _, ngettext, unit_label
from .._validation import check_probabilities, check_scalar
from ._base import Explorer, format_value, format_vector, slider
from .editor import ProbabilityEditor

__all__ = [
    "CodeBars",
    "code_length_figure",
    "CodingExplorer",
    "kl_landscape_figure",
    "MixtureFitExplorer",
]


# =========================================================================== coding picture


_IDEAL = {
    "q": (N_("ideal −log₂ q(x)  (area = H(p,q))"), dict(color=plots.COLORS["accent"], linestyle="--", linewidth=2.2)),
    "p": (N_("ideal −log₂ p(x)  (area = H(p))"), dict(color="#000000", linestyle=":", linewidth=2.2)),
}


_THIN_LABEL_BOX = dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8)


def _legend_handles(kinds, bar_colors=None):
    """Legend entries: the bars (one patch per bar colour used, side by side) and the ideal marks."""
    colors = list(dict.fromkeys(bar_colors or [plots.COLORS["q"]]))
    patches = tuple(Patch(facecolor=c, edgecolor="white", alpha=0.85) for c in colors)
    handles = [patches if len(patches) > 1 else patches[0]]
    labels = [_("bar: codeword length L(x)  (area = L)")]
    for k in kinds:
        handles.append(Line2D([], [], **_IDEAL[k][1]))
        labels.append(_(_IDEAL[k][0]))
    return handles, labels


class CodeBars:
    """The artists of one coding picture on an Axes, updatable in place.

    Each symbol x is a bar of **width p(x)** (its share of the messages) and
    **height L(x)** (its codeword length in bits), placed side by side on
    [0, 1].  The total area, sum of p(x) L(x), is the expected number of bits
    per symbol.  Optional horizontal marks show ideal lengths: -log2 q(x)
    (``"q"``, dashed; area H(p, q)) and -log2 p(x) (``"p"``, dotted; area H(p)).

    Introduced in notebook ``03_cross_entropy``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    n : int
        Number of symbols.
    ymax : float
        Fixed top of the y axis in bits; ideal lengths above it (or infinite)
        are drawn at the top edge.
    ideals : sequence of {'q', 'p'}
        Which ideal-length marks to draw; :meth:`update` takes their values
        in the same order.
    bar_color : str, optional
        Colour of the bars (default: the colour of q).

    Examples
    --------
    >>> fig, ax = plots.new_figure()
    >>> bars = CodeBars(ax, 3, ymax=4, ideals=("q",))
    >>> code = coding.huffman_code([0.5, 0.25, 0.25])
    >>> bars.update([0.5, 0.25, 0.25], code, [[1, 2, 2]]); [float(b.get_width()) for b in bars.bars]
    [0.5, 0.25, 0.25]
    """

    def __init__(self, ax, n, *, ymax, ideals=(), bar_color=None):
        self.ax, self.n, self.ymax = ax, int(n), float(ymax)
        for k in ideals:
            if k not in _IDEAL:
                raise ValueError(f"ideals entries must be 'q' or 'p', got {k!r}")
        self.kinds = tuple(ideals)
        color = bar_color or plots.COLORS["q"]
        self.bars = list(
            ax.bar(np.zeros(n), np.zeros(n), np.zeros(n), align="edge", color=color,
                   edgecolor="white", linewidth=1.5, alpha=0.85)
        )
        self.ideal_lines = [ax.plot([], [], **_IDEAL[k][1])[0] for k in self.kinds]
        # No bbox behind the labels: it costs ~0.3 ms per label per slider tick.  The labels
        # are drawn after the ideal-length marks, so they stay readable on top of them.
        self.texts = [ax.text(0, 0, "", ha="center", va="center", fontsize=8.5, fontweight="bold")
                      for _ in range(n)]
        ax.set_xlim(0, 1)
        ax.set_ylim(0, self.ymax)
        ax.set_xlabel(_("p(x): share of the messages (bar width)"))
        ax.set_ylabel(_("{unit} per symbol (bar height)").format(unit=unit_label("bits")))

    def artists(self):
        """Everything :meth:`update` changes (to register as dynamic)."""
        return [*self.bars, *self.ideal_lines, *self.texts]

    def update(self, p, code, ideals=()):
        """Redraw for distribution ``p``, a :class:`~lossnotes.coding.PrefixCode`, and ideal lengths."""
        p = np.asarray(p, dtype=float)
        lefts = np.concatenate([[0.0], np.cumsum(p)[:-1]])
        top = self.ymax
        for bar, x0, w, h in zip(self.bars, lefts, p, code.lengths):
            bar.set_x(x0)
            bar.set_width(w)
            bar.set_height(min(float(h), top))
        gaps = np.full(p.size, np.nan)
        for line, ideal in zip(self.ideal_lines, ideals):
            ideal = np.minimum(np.asarray(ideal, dtype=float), top * 0.99)
            line.set_data(np.column_stack([lefts, lefts + p, gaps]).ravel(),
                          np.column_stack([ideal, ideal, gaps]).ravel())
        for text, x0, w, h, lab, cw in zip(self.texts, lefts, p, code.lengths, code.labels, code.codewords):
            height = min(float(h), top)
            if w >= 0.07:  # wide enough: the label inside the bar, on two lines
                text.set_position((x0 + w / 2, height * 0.5))
                text.set_text(f"{lab}\n{cw or _('(empty)')}")
                text.set(rotation=0, va="center", bbox=None)
            else:  # a thin bar: the label on one line, turned upright, just above the bar
                text.set_position((x0 + w / 2, height + 0.04 * top))
                text.set_text(f"{lab} {cw or _('(empty)')}")
                text.set(rotation=90, va="bottom", bbox=_THIN_LABEL_BOX)  # readable across the ideal marks
            text.set_visible(bool(w > 0))


def code_length_figure(p, codes, *, titles=None, ideal_q=None, show_ideal_p=True, figsize=None, ymax=None):
    """Static coding pictures: one panel per code, all used on symbols drawn from ``p``.

    Introduced in notebook ``03_cross_entropy``.

    Parameters
    ----------
    p : array_like, shape (n,)
        The distribution the symbols are drawn from (bar widths).
    codes : sequence of PrefixCode
        One panel per code (bar heights are its codeword lengths, in bits).
    titles : sequence of str, optional
        Panel titles; default states the expected length of each code.
    ideal_q : sequence of (array_like or None), optional
        Per panel, the distribution q whose ideal lengths -log2 q(x) are drawn
        dashed (their area under p is H(p, q)); None for no dashes.
    show_ideal_p : bool
        Draw -log2 p(x) dotted in every panel (area H(p)).
    ymax : float, optional
        Top of the y axes in bits (default: a little above the longest codeword).

    Returns
    -------
    matplotlib.figure.Figure
        One legend for all panels, above them.

    Examples
    --------
    >>> code = coding.huffman_code([0.5, 0.25, 0.25])
    >>> fig = code_length_figure([0.5, 0.25, 0.25], [code])
    >>> len(fig.axes)
    1
    """
    p = check_probabilities(p, "p").astype(float)
    codes = list(codes)
    if not codes:
        raise ValueError("codes is empty: pass at least one PrefixCode")
    for c in codes:
        if not isinstance(c, coding.PrefixCode):
            raise TypeError(f"codes must hold PrefixCode objects, got {type(c).__name__}")
        if len(c) != p.size:
            raise ValueError(f"a code has {len(c)} codewords but p has {p.size} outcomes")
    ideal_q = list(ideal_q) if ideal_q is not None else [None] * len(codes)
    if len(ideal_q) != len(codes):
        raise ValueError("ideal_q needs one entry (a distribution or None) per code")
    if titles is not None and len(titles) != len(codes):
        raise ValueError("titles needs one entry per code")
    if ymax is None:
        ymax = max(int(max(c.lengths.max() for c in codes)), 1) + 1.5
    figsize = figsize or (4.6 * len(codes), 3.6)
    fig, axes = plots.new_figure(figsize=figsize, ncols=len(codes))
    axes = np.atleast_1d(axes)
    hp = float(info.entropy(p))
    used, bar_colors = [], []
    for i, (ax, code, q) in enumerate(zip(axes, codes, ideal_q)):
        kinds, ideals = [], []
        if q is not None:
            kinds.append("q")
            ideals.append(info.self_information(check_probabilities(q, "ideal_q entry")))
        if show_ideal_p:
            kinds.append("p")
            ideals.append(info.self_information(p))
        used += [k for k in kinds if k not in used]
        bar_colors.append(plots.PALETTE[1] if i % 2 == 0 else plots.PALETTE[4])
        bars = CodeBars(ax, p.size, ymax=ymax, ideals=kinds, bar_color=bar_colors[-1])
        bars.update(p, code, ideals)
        length = coding.expected_length(p, code)
        bits = unit_label("bits")
        title = titles[i] if titles is not None else f"L = {length:.4f} {bits} (H(p) = {hp:.4f} {bits})"
        ax.set_title(title, fontsize=10)
        if i:
            ax.set_ylabel("")
    handles, labels = _legend_handles([k for k in ("q", "p") if k in used], bar_colors)
    fig.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.0)},
               loc="outside upper center", ncols=3, frameon=False, fontsize=8.5)
    return fig


class CodingExplorer(Explorer):
    """Live coding picture: the Huffman code for q, used on symbols drawn from p.

    Left: one bar per symbol, width p(x), height = length of q's Huffman
    codeword (bits); dashes at the ideal -log2 q(x), dots at -log2 p(x).
    Areas: bars = expected length L, dashes = H(p, q), dots = H(p).  Right:
    H(p), H(p, q), L for q's code, and L for p's own Huffman code, in bits.

    Introduced in notebook ``03_cross_entropy``.

    Parameters
    ----------
    p, q : sequence of float
        Starting distributions (same length, each summing to 1).
    labels : sequence of str, optional
        Symbol names (short: they are printed inside the bars).

    Examples
    --------
    >>> ex = CodingExplorer([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    >>> ex.values["L(q's code)"], ex.values["H(p,q)"]
    (2.375, 2.375)
    >>> ex.q_editor.set_value([0.5, 0.25, 0.125, 0.125]); ex.values["L(q's code)"]
    1.75
    """

    figsize = (8.2, 3.4)
    caption = N_("Bar area = bits per symbol. The dashed area is H(p,q), the dotted area H(p): "
                 "whole-bit bars only approximate them.")

    _ROWS = ("H(p)", N_("L(p's code)"), "H(p,q)", N_("L(q's code)"))

    def __init__(self, p, q, labels=None, *, caption=None, title=None):
        self.p_editor = ProbabilityEditor(p, labels, symbol="p")
        self.q_editor = ProbabilityEditor(q, self.p_editor.labels, symbol="q")  # checks len(q) == len(p)
        editors = widgets.HBox(
            [self.p_editor.widget, self.q_editor.widget],
            layout=widgets.Layout(width="100%", justify_content="space-between"),
        )
        super().__init__([editors], caption=caption, title=title)
        self.p_editor.observe(lambda _: self.refresh())
        self.q_editor.observe(lambda _: self.refresh())

    def _observed_controls(self):
        return []

    def _build(self):
        n = self.p_editor.value.size
        self.ymax = float(max(n, 4) + 1)  # Huffman lengths are at most n - 1 bits
        ax, axr = self.fig.subplots(1, 2, width_ratios=[1.5, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        self.code_bars = CodeBars(ax, n, ymax=self.ymax, ideals=("q", "p"))
        ax.set_title(_("q's Huffman code used on symbols from p"), fontsize=10)
        self.fig.legend(*_legend_handles(("q", "p")), loc="outside upper center",
                        ncols=3, frameon=False, fontsize=8)
        c = plots.COLORS
        y = np.arange(len(self._ROWS))[::-1]
        colors = [c["p"], plots.PALETTE[4], c["accent"], c["q"]]
        self.info_bars = list(axr.barh(y, np.zeros(len(y)), 0.6, color=colors))
        self.value_texts = [axr.text(0, yy, "", va="center", ha="left", fontsize=9) for yy in y]
        axr.set_yticks(y, [_(r) for r in self._ROWS])
        axr.set_xlim(0, self.ymax)
        axr.set_xlabel(_("{unit} per symbol").format(unit=unit_label("bits")))
        self.ax_bars, self.ax_info = ax, axr
        self.dynamic(*self.code_bars.artists(), *self.info_bars, *self.value_texts)

    def _update(self):
        p, q = self.p_editor.value, self.q_editor.value
        labels = self.p_editor.labels
        code_q = coding.huffman_code(q, labels)
        code_p = coding.huffman_code(p, labels)
        self.code_q, self.code_p = code_q, code_p
        self.code_bars.update(p, code_q, (info.self_information(q), info.self_information(p)))
        v = {
            "H(p)": float(info.entropy(p)),
            "L(p's code)": float(coding.expected_length(p, code_p)),
            "H(p,q)": float(info.cross_entropy(p, q)),
            "L(q's code)": float(coding.expected_length(p, code_q)),
        }
        self.values = v
        xmax = self.ymax
        for bar, text, key in zip(self.info_bars, self.value_texts, self._ROWS):
            val = v[key]
            bar.set_width(min(val, xmax))
            text.set_text(format_value(val, 3))
            text.set_x(min(val, xmax * 0.82) + 0.02 * xmax)
        out = {_(k): f"{format_value(val)} {unit_label('bits')}" for k, val in v.items()}
        out[_("q's code")] = " ".join(f"{lab}:{cw}" for lab, cw in zip(code_q.labels, code_q.codewords))
        return out

    def summary(self):
        lines = [f"CodingExplorer(p = {format_vector(self.p_editor.value)}, q = {format_vector(self.q_editor.value)})"]
        lines += [f"  {k} = {val}" for k, val in self.readouts.items()]
        return "\n".join(lines)


def kl_landscape_figure(fit, p, *, figsize=(10.0, 3.6)):
    """Heat maps of KL(p‖q) and KL(q‖p) over the (mu, sigma) grid, minima marked.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Each panel has its own logarithmic colour scale (in nats) and contour
    lines; the global minimum is a star, other local minima are circles.

    Parameters
    ----------
    fit : NormalFitGrid
    p : array_like
        The target distribution on ``fit.x``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> x = np.linspace(-8, 8, 161)
    >>> from lossnotes.gaussian_fit import NormalFitGrid, two_peak_mixture
    >>> fit = NormalFitGrid(x, np.linspace(-4, 4, 17), np.linspace(0.5, 3, 6))
    >>> fig = kl_landscape_figure(fit, two_peak_mixture(x, 4.0, 0.5))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['forward KL(p‖q): mass-covering', 'reverse KL(q‖p): mode-seeking']
    """
    if not isinstance(fit, NormalFitGrid):
        raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
    surfaces = [fit.kl_surface(p, d) for d in NormalFitGrid.DIRECTIONS]
    fig, axes = plots.new_figure(figsize=figsize, ncols=2)
    titles = [_("forward KL(p‖q): mass-covering"), _("reverse KL(q‖p): mode-seeking")]
    nats = unit_label("nats")
    for ax, surface, title in zip(axes, surfaces, titles):
        finite = surface[np.isfinite(surface)]
        lo = max(float(finite.min()), 1e-3)
        hi = max(float(finite.max()), 10 * lo)
        shown = np.clip(np.where(np.isfinite(surface), surface, hi), lo, hi).T
        mesh = ax.pcolormesh(fit.mus, fit.sigmas, shown, norm=LogNorm(vmin=lo, vmax=hi),
                             cmap="viridis", shading="nearest", rasterized=True)
        levels = lo * np.array([1.1, 1.5, 2.5, 5.0, 10.0])
        ax.contour(fit.mus, fit.sigmas, shown, levels=levels[levels < hi], colors="white",
                   linewidths=0.7, alpha=0.8)
        cbar = fig.colorbar(mesh, ax=ax, label=_("KL [{unit}] (log scale)").format(unit=nats), pad=0.02)
        cbar.ax.minorticks_off()  # log-scale minor tick labels are slow to lay out and clutter the bar
        i0, j0 = fit._index(surface)
        ax.plot([fit.mus[i0]], [fit.sigmas[j0]], "*", color="white", markersize=16, markeredgecolor="black",
                label=_("minimum: μ = {mu}, σ = {sigma} ({value} {unit})").format(
                    mu=f"{fit.mus[i0]:.1f}", sigma=f"{fit.sigmas[j0]:.1f}", value=f"{surface[i0, j0]:.3f}", unit=nats))
        others = [(i, j) for i, j in fit._local_minimum_indices(surface) if (i, j) != (i0, j0)]
        for i, j in others:
            ax.plot([fit.mus[i]], [fit.sigmas[j]], "o", color="white", markersize=8, markeredgecolor="black",
                    label=_("local min: μ = {mu}, σ = {sigma} ({value} {unit})").format(
                        mu=f"{fit.mus[i]:.1f}", sigma=f"{fit.sigmas[j]:.1f}", value=f"{surface[i, j]:.3f}", unit=nats))
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(_("μ of the fitted normal"))
        ax.set_ylabel(_("σ of the fitted normal"))
        ax.grid(False)
        ax.legend(frameon=True, fontsize=7.5, loc="upper center", framealpha=0.85)
    return fig


class MixtureFitExplorer(Explorer):
    """Fit one normal to a two-peaked mixture by forward and by reverse KL, live.

    Sliders: the distance d between the peaks and the weight w of the left
    peak.  On every tick both fits are redone by exhaustive search over the
    candidates of a :class:`NormalFitGrid`, and four numbers are read out
    (in nats): each fit's KL in both directions.  A first readout says
    whether the target has one peak or two (from :func:`~lossnotes.gaussian_fit.mixture_modes`,
    on the continuous density): with w = 0.4 it has one peak up to
    d = 2.44, while the reverse fit keeps covering both peaks up to d = 5.0.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Parameters
    ----------
    fit : NormalFitGrid
        The grid and the candidate normals (build it once; reuse it).
    separation, weight : float
        Starting distance between the peaks (0..8) and left-peak weight (0.05..0.95).
    width : float
        Standard deviation of each peak (fixed).
    xlim : (float, float), optional
        The x range shown (default: the whole grid).

    Examples
    --------
    >>> x = np.linspace(-12, 12, 241)
    >>> from lossnotes.gaussian_fit import NormalFitGrid, two_peak_mixture
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4.5, 41))
    >>> ex = MixtureFitExplorer(fit, separation=6.0, weight=0.3)
    >>> ex.values["reverse μ"], ex.values["reverse σ"]
    (3.0, 1.0)
    >>> ex.weight.value = 0.7; ex.values["reverse μ"]
    -3.0
    """

    figsize = (8.0, 3.2)
    caption = N_("Forward KL spreads q over both peaks; reverse KL hides q inside one peak "
                 "(the heavier one).")

    def __init__(self, fit, *, separation=5.0, weight=0.4, width=1.0, xlim=None, caption=None, title=None):
        if not isinstance(fit, NormalFitGrid):
            raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
        self.fit = fit
        self.width = check_scalar(width, "width", low=0, low_inclusive=False)
        self.separation = slider(_("d (peak distance)"), check_scalar(separation, "separation", low=0, high=8),
                                 0.0, 8.0, 0.1, unit=_("units of x"), readout_format=".1f")
        self.weight = slider(_("w (left-peak weight)"), check_scalar(weight, "weight", low=0.05, high=0.95),
                             0.05, 0.95, 0.05, unit=_("probability"))
        self._dx = float(np.mean(np.diff(fit.x)))
        self._xlim = (float(fit.x[0]), float(fit.x[-1])) if xlim is None else tuple(float(v) for v in xlim)
        super().__init__([self.separation, self.weight], caption=caption, title=title)

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        x = self.fit.x
        zeros = np.zeros_like(x)
        c = plots.COLORS
        (self.line_p,) = ax.plot(x, zeros, color=c["p"], linewidth=2.5, label=_("p: the two-peaked mixture"))
        (self.line_fwd,) = ax.plot(x, zeros, color=c["q"], linewidth=2, linestyle="--",
                                   label=_("q minimising forward KL(p‖q)"))
        (self.line_rev,) = ax.plot(x, zeros, color=c["accent"], linewidth=2, linestyle="-.",
                                   label=_("q minimising reverse KL(q‖p)"))
        self.dynamic(self.line_p, self.line_fwd, self.line_rev)
        ax.set_xlim(*self._xlim)
        ax.set_ylim(0, 0.55 / self.width)
        ax.set_xlabel("x")
        ax.set_ylabel(_("probability density (per unit of x)"))
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        self.ax = ax

    def _update(self):
        p = two_peak_mixture(self.fit.x, self.separation.value, self.weight.value, self.width)
        fwd = self.fit.kl_surface(p, "forward")
        rev = self.fit.kl_surface(p, "reverse")
        i_f, i_r = self.fit._index(fwd), self.fit._index(rev)
        mu_f, s_f = float(self.fit.mus[i_f[0]]), float(self.fit.sigmas[i_f[1]])
        mu_r, s_r = float(self.fit.mus[i_r[0]]), float(self.fit.sigmas[i_r[1]])
        dx = self._dx
        self.line_p.set_ydata(p / dx)
        self.line_fwd.set_ydata(self.fit.candidate(mu_f, s_f) / dx)
        self.line_rev.set_ydata(self.fit.candidate(mu_r, s_r) / dx)
        self.p = p
        n_peaks = len(mixture_modes(self.separation.value, self.weight.value, self.width)[0])
        self.values = {
            "peaks of p": n_peaks,
            "forward μ": mu_f, "forward σ": s_f,
            "KL(p‖q_fwd)": float(fwd[i_f]), "KL(q_fwd‖p)": float(rev[i_f]),
            "reverse μ": mu_r, "reverse σ": s_r,
            "KL(p‖q_rev)": float(fwd[i_r]), "KL(q_rev‖p)": float(rev[i_r]),
        }
        v = self.values
        nats = unit_label("nats")
        return {
            _("target p"): ngettext("{n} peak", "{n} peaks", n_peaks).format(n=n_peaks),
            _("forward fit"): f"μ = {mu_f:.2f}, σ = {s_f:.2f}",
            "KL(p‖q_fwd)": f"{format_value(v['KL(p‖q_fwd)'])} {nats}",
            "KL(q_fwd‖p)": f"{format_value(v['KL(q_fwd‖p)'])} {nats}",
            _("reverse fit"): f"μ = {mu_r:.2f}, σ = {s_r:.2f}",
            "KL(p‖q_rev)": f"{format_value(v['KL(p‖q_rev)'])} {nats}",
            "KL(q_rev‖p)": f"{format_value(v['KL(q_rev‖p)'])} {nats}",
        }
