"""Explorers and figures for cross-entropy and divergences (imports matplotlib and anywidget).

- The coding picture (notebook ``03_cross_entropy``): a prefix code drawn as
  bars of width p(x) and height L(x) bits, so that the bars' total area is the
  expected message length; :func:`code_length_figure` draws it once and
  :class:`CodingExplorer` lets p and q move.
- Forward versus reverse KL (notebook ``04_kl_and_js_divergence``): one
  Gaussian fitted to a two-peaked mixture on a fine grid.
  The fitting itself is in :mod:`lossnotes.gaussian_fit` (no plotting);
  :func:`kl_landscape_figure` shows the two objective surfaces, :class:`NormalFitExplorer` lets the reader
  move one normal against the mixture, and :class:`MixtureFitExplorer` refits both directions live as the
  mixture changes.

The three explorers run in the browser (:mod:`lossnotes.widgets._browser`; modules ``coding.js``,
``normal_fit.js`` and ``mixture_fit.js``): Python keeps their state, the numbers they show
(``readouts(state)``) and the picture a saved notebook shows (``static_figure(state)``).

All divergences here are in **nats** (natural log) unless a name says bits.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import traitlets
from matplotlib.colors import LogNorm
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import coding
from .. import information as info
from .. import plots
from ..gaussian_fit import NormalFitGrid, discretised_normal, mixture_modes, two_peak_mixture
from ..i18n import N_, _, unit_label
from .._validation import check_probabilities, check_scalar
from ._base import format_value, format_vector
from ._browser import BrowserExplorer
from .editor import outcome_labels, probability_vector

__all__ = [
    "CodeBars",
    "code_length_figure",
    "CodingExplorer",
    "kl_landscape_figure",
    "NormalFitExplorer",
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


class CodingExplorer(BrowserExplorer):
    """Live coding picture: the Huffman code for q, used on symbols drawn from p.

    Runs in the browser (``lossnotes/widgets/js/coding.js``).  Left: one bar per symbol, width
    p(x), height = length of q's Huffman codeword (bits); dashes at the ideal -log2 q(x), dots at
    -log2 p(x).  Areas: bars = expected length L, dashes = H(p, q), dots = H(p).  Right: H(p),
    L for p's own Huffman code, H(p, q) and L for q's code, in bits.

    Introduced in notebook ``03_cross_entropy``.

    Parameters
    ----------
    p, q : sequence of float
        Starting distributions (same length, at least 2 outcomes, each summing to 1).
    labels : sequence of str, optional
        Symbol names (short: they are printed inside the bars; default ``₁ … ₙ``).
    caption, title : str, optional

    Attributes
    ----------
    p, q : list of float
        The current distributions, synced with the browser.
    values : dict
        ``readouts(state)`` of the current state, {quantity: bits}.

    Examples
    --------
    >>> ex = CodingExplorer([0.5, 0.25, 0.125, 0.125], [0.125, 0.5, 0.25, 0.125])
    >>> ex.values["L(q's code)"], ex.values["H(p,q)"]
    (2.375, 2.375)
    >>> ex.q = [0.5, 0.25, 0.125, 0.125]; ex.values["L(q's code)"]
    1.75
    """

    _module = "coding.js"
    p = traitlets.List(traitlets.Float()).tag(sync=True)
    q = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    state_keys = ("p", "q")
    data_keys = ("labels",)
    default_caption = N_("Bar area = bits per symbol. The dashed area is H(p,q), the dotted area H(p): "
                         "whole-bit bars only approximate them.")
    QUANTITIES = ("H(p)", N_("L(p's code)"), "H(p,q)", N_("L(q's code)"))

    def __init__(self, p, q, labels=None, *, caption=None, title=None):
        p_arr = probability_vector(p, "p")
        q_arr = probability_vector(q, "q")
        if p_arr.shape != q_arr.shape:
            raise ValueError(_("p and q must have the same number of outcomes, got shapes {a} and {b}").format(
                a=np.shape(p), b=np.shape(q)))
        labels = [str(lab) for lab in outcome_labels(labels, p_arr.size, "p")]
        if len(set(labels)) != len(labels):
            raise ValueError(f"labels must be distinct, got {labels!r}")
        super().__init__(p=p_arr.tolist(), q=q_arr.tolist(), labels=labels, caption=caption, title=title)

    @traitlets.validate("p", "q")
    def _valid_distribution(self, proposal):
        name = proposal["trait"].name
        v = probability_vector(proposal["value"], name)
        if self.labels and v.size != len(self.labels):
            raise traitlets.TraitError(_("{name} must have {size} entries, got shape {shape}").format(
                name=name, size=len(self.labels), shape=v.shape))
        return v.tolist()

    @staticmethod
    def _codes(state):
        labels = state.get("labels")
        return (coding.huffman_code(state["p"], labels), coding.huffman_code(state["q"], labels))

    @classmethod
    def readouts(cls, state):
        """H(p), L(p's code), H(p,q) and L(q's code) of ``state`` ({p, q}), in bits.

        Examples
        --------
        >>> CodingExplorer.readouts({"p": [0.5, 0.5], "q": [0.5, 0.5]})["L(q's code)"]
        1.0
        """
        p, q = np.asarray(state["p"], float), np.asarray(state["q"], float)
        code_p, code_q = coding.huffman_code(p), coding.huffman_code(q)
        return {
            "H(p)": float(info.entropy(p)),
            "L(p's code)": float(coding.expected_length(p, code_p)),
            "H(p,q)": float(info.cross_entropy(p, q)),
            "L(q's code)": float(coding.expected_length(p, code_q)),
        }

    @classmethod
    def static_figure(cls, state):
        """The coding picture of q's Huffman code on p, and the four quantities as bars."""
        p, q = np.asarray(state["p"], float), np.asarray(state["q"], float)
        n = p.size
        labels = state.get("labels") or outcome_labels(None, n, "p")
        code_p, code_q = cls._codes({**state, "labels": labels})
        ymax = float(max(n, 4) + 1)  # Huffman lengths are at most n - 1 bits
        fig = plots.blank_figure((8.2, 3.4))
        ax, axr = fig.subplots(1, 2, width_ratios=[1.5, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        bars = CodeBars(ax, n, ymax=ymax, ideals=("q", "p"))
        bars.update(p, code_q, (info.self_information(q), info.self_information(p)))
        ax.set_title(_("q's Huffman code used on symbols from p"), fontsize=10)
        fig.legend(*_legend_handles(("q", "p")), loc="outside upper center", ncols=3, frameon=False, fontsize=8)
        c = plots.COLORS
        v = cls.readouts(state)
        y = np.arange(len(cls.QUANTITIES))[::-1]
        colors = [c["p"], plots.PALETTE[4], c["accent"], c["q"]]
        axr.barh(y, [min(v[k], ymax) for k in cls.QUANTITIES], 0.6, color=colors,
                 hatch=[None, "//", None, ".."], edgecolor="white")
        for yy, key in zip(y, cls.QUANTITIES):
            axr.text(min(v[key], ymax * 0.82) + 0.02 * ymax, yy, format_value(v[key], 3), va="center", ha="left",
                     fontsize=9)
        axr.set_yticks(y, [_(k) for k in cls.QUANTITIES])
        axr.set_xlim(0, ymax)
        axr.set_xlabel(_("{unit} per symbol").format(unit=unit_label("bits")))
        return fig

    def summary(self):
        bits = unit_label("bits")
        code_q = coding.huffman_code(self.q, self.labels)
        lines = [f"CodingExplorer(p = {format_vector(self.p)}, q = {format_vector(self.q)})"]
        lines += [f"  {_(k)} = {format_value(val)} {bits}" for k, val in self.values.items()]
        name = _("q's code")
        lines.append(f"  {name} = " + " ".join(f"{lab}:{cw}" for lab, cw in zip(code_q.labels, code_q.codewords)))
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


def _linspace_spec(values, name):
    """``[start, stop, num]`` with ``np.linspace(start, stop, num)`` equal to ``values``, or a ValueError.

    The browser rebuilds a grid from these three numbers (the same doubles as NumPy's linspace), so a
    saved notebook stores three numbers instead of hundreds.
    """
    v = np.asarray(values, dtype=float).ravel()
    if v.size < 2:
        raise ValueError(f"{name} must have at least 2 points, got {v.size}")
    spec = [float(v[0]), float(v[-1]), int(v.size)]
    if not np.array_equal(np.linspace(*spec), v):
        raise ValueError(f"{name} must be evenly spaced, as made by np.linspace(start, stop, num)")
    return spec


def _spec(value, name):
    """A traitlet's ``[start, stop, num]`` checked (num an integer >= 2, start < stop)."""
    if len(value) != 3:
        raise traitlets.TraitError(f"{name} must be [start, stop, num], got {value!r}")
    start, stop, num = float(value[0]), float(value[1]), value[2]
    if not (math.isfinite(start) and math.isfinite(stop) and start < stop) or int(num) != num or num < 2:
        raise traitlets.TraitError(f"{name} must be [start, stop, num] with start < stop and num >= 2, got {value!r}")
    return [start, stop, int(num)]


@lru_cache(maxsize=8)
def _fit_grid(grid, mus, sigmas):
    """The NormalFitGrid of three linspace specs (tuples), built once per grid."""
    return NormalFitGrid(np.linspace(*grid), np.linspace(*mus), np.linspace(*sigmas))


def _first_minimum(values):
    """The index of the smallest value; values within a relative 1e-12 of it are ties, won by the first.

    (Smallest mu, then smallest sigma.)  The browser's ``first_minimum_index`` is the same rule, so a
    symmetric target (two equal peaks) gives the same fit in both, whatever the summation order.
    """
    v = np.asarray(values, dtype=float).ravel()
    m = float(v.min())
    return int(np.flatnonzero(v <= m + 1e-12 * abs(m) + 1e-15)[0])


class NormalFitExplorer(BrowserExplorer):
    """One normal q = N(μ, σ²) against the two-peaked mixture p, with KL(p‖q) and KL(q‖p) live.

    Runs in the browser (``lossnotes/widgets/js/normal_fit.js``): sliders μ and σ move q (both
    discretised on the grid ``x``, drawn as densities), and the two divergences are read out in
    nats.  On one peak the reverse KL is small and the forward KL large; spread over both peaks,
    the opposite.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Parameters
    ----------
    x : array_like
        The grid, evenly spaced (``np.linspace(start, stop, num)``).
    separation, weight, width : float
        The target ``two_peak_mixture(x, separation, weight, width)`` (fixed).
    mu, sigma : float
        Starting mean (-6..6) and standard deviation (0.5..5) of q, in units of x.
    xlim, ylim : (float, float), optional
        The ranges shown (default: the whole grid; 0 to 0.85).
    caption, title : str, optional

    Examples
    --------
    >>> x = np.linspace(-16, 16, 401)
    >>> ex = NormalFitExplorer(x, separation=7.0, weight=0.4, mu=3.5, sigma=1.0)
    >>> round(ex.values["KL(q‖p)"], 2)      # on the heavier peak: about -ln 0.6 = 0.51
    0.51
    >>> ex.mu, ex.sigma = 0.5, 3.6; round(ex.values["KL(p‖q)"], 2) < round(ex.values["KL(q‖p)"], 2)
    True
    """

    _module = "normal_fit.js"
    mu = traitlets.Float(3.5).tag(sync=True)
    sigma = traitlets.Float(1.0).tag(sync=True)
    grid = traitlets.List().tag(sync=True)
    separation = traitlets.Float(7.0).tag(sync=True)
    weight = traitlets.Float(0.4).tag(sync=True)
    width = traitlets.Float(1.0).tag(sync=True)
    xlim = traitlets.List(traitlets.Float()).tag(sync=True)
    ylim = traitlets.List(traitlets.Float()).tag(sync=True)
    state_keys = ("mu", "sigma")
    data_keys = ("grid", "separation", "weight", "width", "xlim", "ylim")
    default_caption = N_("On one peak: small reverse KL, large forward KL. Spread over both: the opposite.")
    QUANTITIES = ("KL(p‖q)", "KL(q‖p)")
    MU_RANGE, SIGMA_RANGE, STEP = (-6.0, 6.0), (0.5, 5.0), 0.1

    def __init__(self, x, separation=7.0, weight=0.4, *, mu=3.5, sigma=1.0, width=1.0, xlim=None, ylim=None,
                 caption=None, title=None):
        grid = _linspace_spec(x, "x")
        separation = check_scalar(separation, "separation", low=0)
        weight = check_scalar(weight, "weight", low=0, high=1, low_inclusive=False, high_inclusive=False)
        width = check_scalar(width, "width", low=0, low_inclusive=False)
        xlim = [grid[0], grid[1]] if xlim is None else [float(v) for v in xlim]
        ylim = [0.0, 0.85] if ylim is None else [float(v) for v in ylim]
        super().__init__(grid=grid, separation=separation, weight=weight, width=width, xlim=xlim, ylim=ylim,
                         mu=mu, sigma=sigma, caption=caption, title=title)

    @traitlets.validate("mu", "sigma")
    def _valid_parameter(self, proposal):
        name = proposal["trait"].name
        low, high = self.MU_RANGE if name == "mu" else self.SIGMA_RANGE
        return check_scalar(proposal["value"], name, low=low, high=high)

    @traitlets.validate("grid")
    def _valid_grid(self, proposal):
        return _spec(proposal["value"], "grid")

    @staticmethod
    def _distributions(state):
        x = np.linspace(*state["grid"])
        p = two_peak_mixture(x, state["separation"], state["weight"], state.get("width", 1.0))
        q = discretised_normal(x, state["mu"], state["sigma"])
        return x, p, q

    @classmethod
    def readouts(cls, state):
        """KL(p‖q) and KL(q‖p) in nats of ``state`` ({mu, sigma} and the grid and mixture).

        Examples
        --------
        >>> s = {"mu": 0.0, "sigma": 1.0, "grid": [-8, 8, 161], "separation": 0.0, "weight": 0.5}
        >>> NormalFitExplorer.readouts(s)
        {'KL(p‖q)': 0.0, 'KL(q‖p)': 0.0}
        """
        _x, p, q = cls._distributions(state)
        return {"KL(p‖q)": float(info.kl_divergence(p, q, base="nats")),
                "KL(q‖p)": float(info.kl_divergence(q, p, base="nats"))}

    @classmethod
    def static_figure(cls, state):
        """The mixture p and the normal q as densities, with both KLs in the title."""
        x, p, q = cls._distributions(state)
        dx = x[1] - x[0]
        v = cls.readouts(state)
        fig = plots.blank_figure((7.5, 3.2))
        ax = plots.style_axes(fig.add_subplot())
        c = plots.COLORS
        ax.plot(x, p / dx, color=c["p"], linewidth=2.5, label=_("p (target mixture)"))
        ax.plot(x, q / dx, color=c["q"], linewidth=2, linestyle="--", label="q = N(μ, σ²)")
        xlim, ylim = state.get("xlim") or [x[0], x[-1]], state.get("ylim") or [0, 0.85]
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("x")
        ax.set_ylabel(_("probability density (per unit of x)"))
        nats = unit_label("nats")
        ax.set_title(f"μ = {state['mu']:.1f}, σ = {state['sigma']:.1f}:  KL(p‖q) = {format_value(v['KL(p‖q)'])} {nats}, "
                     f"KL(q‖p) = {format_value(v['KL(q‖p)'])} {nats}", fontsize=9.5)
        ax.legend(frameon=False, fontsize=8.5, loc="upper left")
        return fig

    def summary(self):
        nats = unit_label("nats")
        lines = [f"NormalFitExplorer(μ = {self.mu:.2f}, σ = {self.sigma:.2f}; p = two_peak_mixture(d = "
                 f"{self.separation:g}, w = {self.weight:g}))"]
        lines += [f"  {k} = {format_value(val)} {nats}" for k, val in self.values.items()]
        return "\n".join(lines)


class MixtureFitExplorer(BrowserExplorer):
    """Fit one normal to a two-peaked mixture by forward and by reverse KL, live.

    Runs in the browser (``lossnotes/widgets/js/mixture_fit.js``).  Sliders: the distance d between
    the peaks and the weight w of the left peak.  On every key press both fits are redone by
    exhaustive search over the candidates of a :class:`NormalFitGrid` (precomputed once in the
    browser), and the readouts give both fits and each fit's KL in both directions, in nats.  A
    first readout counts the peaks of the target (from :func:`~lossnotes.gaussian_fit.mixture_modes`,
    on the continuous density): with w = 0.4 it has one peak up to d = 2.44, while the reverse fit
    keeps covering both peaks up to d = 5.0.

    Candidates whose KL is within a relative 1e-12 of the smallest count as ties, won by the first
    (smallest μ, then smallest σ), in Python and in the browser alike.  The KLs shown for the two
    winners are then computed term by term (:func:`lossnotes.information.kl_divergence`).

    Introduced in notebook ``04_kl_and_js_divergence``.

    Parameters
    ----------
    fit : NormalFitGrid
        The grid and the candidate normals; its ``x``, ``mus`` and ``sigmas`` must be evenly
        spaced (``np.linspace``): the browser rebuilds them from start, stop and count.
    separation, weight : float
        Starting distance between the peaks (0..8) and left-peak weight (0.05..0.95).
    width : float
        Standard deviation of each peak (fixed).
    xlim : (float, float), optional
        The x range shown (default: the whole grid).
    caption, title : str, optional

    Examples
    --------
    >>> x = np.linspace(-12, 12, 241)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4.5, 41))
    >>> ex = MixtureFitExplorer(fit, separation=6.0, weight=0.3)
    >>> ex.values["reverse μ"], ex.values["reverse σ"]
    (3.0, 1.0)
    >>> ex.weight = 0.7; ex.values["reverse μ"]
    -3.0
    """

    _module = "mixture_fit.js"
    separation = traitlets.Float(5.0).tag(sync=True)
    weight = traitlets.Float(0.4).tag(sync=True)
    width = traitlets.Float(1.0).tag(sync=True)
    grid = traitlets.List().tag(sync=True)
    mus = traitlets.List().tag(sync=True)
    sigmas = traitlets.List().tag(sync=True)
    xlim = traitlets.List(traitlets.Float()).tag(sync=True)
    state_keys = ("separation", "weight")
    data_keys = ("width", "grid", "mus", "sigmas", "xlim")
    default_caption = N_("Forward KL spreads q over both peaks; reverse KL hides q inside one peak "
                         "(the heavier one).")
    QUANTITIES = (N_("peaks of p"), N_("forward μ"), N_("forward σ"), "KL(p‖q_fwd)", "KL(q_fwd‖p)",
                  N_("reverse μ"), N_("reverse σ"), "KL(p‖q_rev)", "KL(q_rev‖p)")
    SEPARATION_RANGE, WEIGHT_RANGE = (0.0, 8.0), (0.05, 0.95)

    def __init__(self, fit, *, separation=5.0, weight=0.4, width=1.0, xlim=None, caption=None, title=None):
        if not isinstance(fit, NormalFitGrid):
            raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
        grid = _linspace_spec(fit.x, "fit.x")
        mus = _linspace_spec(fit.mus, "fit.mus")
        sigmas = _linspace_spec(fit.sigmas, "fit.sigmas")
        width = check_scalar(width, "width", low=0, low_inclusive=False)
        xlim = [grid[0], grid[1]] if xlim is None else [float(v) for v in xlim]
        self.fit = fit
        super().__init__(grid=grid, mus=mus, sigmas=sigmas, width=width, xlim=xlim, separation=separation,
                         weight=weight, caption=caption, title=title)

    @traitlets.validate("separation", "weight")
    def _valid_parameter(self, proposal):
        name = proposal["trait"].name
        low, high = self.SEPARATION_RANGE if name == "separation" else self.WEIGHT_RANGE
        return check_scalar(proposal["value"], name, low=low, high=high)

    @traitlets.validate("grid", "mus", "sigmas")
    def _valid_spec(self, proposal):
        return _spec(proposal["value"], proposal["trait"].name)

    @classmethod
    def _fits(cls, state):
        fit = _fit_grid(tuple(state["grid"]), tuple(state["mus"]), tuple(state["sigmas"]))
        p = two_peak_mixture(fit.x, state["separation"], state["weight"], state.get("width", 1.0))
        fwd, rev = fit.kl_surface(p, "forward").ravel(), fit.kl_surface(p, "reverse").ravel()
        return fit, p, fwd, rev, _first_minimum(fwd), _first_minimum(rev)

    @classmethod
    def readouts(cls, state):
        """The two fits of ``state`` ({separation, weight} and the grids): μ, σ and both KLs (nats) each.

        Examples
        --------
        >>> s = {"separation": 0.0, "weight": 0.5, "grid": [-8, 8, 81], "mus": [-2, 2, 5], "sigmas": [0.5, 2, 4]}
        >>> r = MixtureFitExplorer.readouts(s); r["peaks of p"], r["forward μ"], r["forward σ"]
        (1.0, 0.0, 1.0)
        """
        fit, p, _fwd, _rev, i_f, i_r = cls._fits(state)
        n_sig = fit.sigmas.size
        peaks = len(mixture_modes(state["separation"], state["weight"], state.get("width", 1.0))[0])
        out = {"peaks of p": float(peaks)}
        for side, tag, k in (("forward", "fwd", i_f), ("reverse", "rev", i_r)):
            mu, sigma = float(fit.mus[k // n_sig]), float(fit.sigmas[k % n_sig])
            # The winner's KLs term by term (well conditioned), not from the search's moment formula.
            q = fit.candidate(mu, sigma)
            out[f"{side} μ"], out[f"{side} σ"] = mu, sigma
            out[f"KL(p‖q_{tag})"] = float(info.kl_divergence(p, q, base="nats"))
            out[f"KL(q_{tag}‖p)"] = float(info.kl_divergence(q, p, base="nats"))
        return out

    @classmethod
    def static_figure(cls, state):
        """The mixture and the two fitted normals as densities."""
        fit, p, _fwd, _rev, _i_f, _i_r = cls._fits(state)
        v = cls.readouts(state)
        x = fit.x
        dx = float(x[1] - x[0])
        width = state.get("width", 1.0)
        fig = plots.blank_figure((8.0, 3.2))
        ax = plots.style_axes(fig.add_subplot())
        c = plots.COLORS
        ax.plot(x, p / dx, color=c["p"], linewidth=2.5, label=_("p: the two-peaked mixture"))
        ax.plot(x, fit.candidate(v["forward μ"], v["forward σ"]) / dx, color=c["q"], linewidth=2, linestyle="--",
                label=_("q minimising forward KL(p‖q)"))
        ax.plot(x, fit.candidate(v["reverse μ"], v["reverse σ"]) / dx, color=c["accent"], linewidth=2,
                linestyle="-.", label=_("q minimising reverse KL(q‖p)"))
        ax.set_xlim(*(state.get("xlim") or (x[0], x[-1])))
        ax.set_ylim(0, 0.55 / width)
        ax.set_xlabel("x")
        ax.set_ylabel(_("probability density (per unit of x)"))
        ax.set_title(f"d = {state['separation']:.1f}, w = {state['weight']:.2f}", fontsize=9.5)
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        return fig

    def summary(self):
        v = self.values
        nats = unit_label("nats")
        lines = [f"MixtureFitExplorer(d = {self.separation:.1f}, w = {self.weight:.2f})"]
        lines.append(f"  {_('peaks of p')} = {int(v['peaks of p'])}")
        for side, tag, name in (("forward", "fwd", _("forward fit")), ("reverse", "rev", _("reverse fit"))):
            lines.append("  " + _("{fit}: μ = {mu}, σ = {sigma}").format(
                fit=name, mu=f"{v[side + ' μ']:.2f}", sigma=f"{v[side + ' σ']:.2f}"))
            lines += [f"  {k} = {format_value(v[k])} {nats}" for k in (f"KL(p‖q_{tag})", f"KL(q_{tag}‖p)")]
        return "\n".join(lines)
