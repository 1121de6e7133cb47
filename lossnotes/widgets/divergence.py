"""Explorers and figures for cross-entropy and divergences (imports matplotlib and ipywidgets).

- The coding picture (notebook ``03_cross_entropy``): a prefix code drawn as
  bars of width p(x) and height L(x) bits, so that the bars' total area is the
  expected message length; :func:`code_length_figure` draws it once and
  :class:`CodingExplorer` lets p and q move.
- Forward versus reverse KL (notebook ``04_kl_and_js_divergence``): one
  Gaussian fitted to a two-peaked mixture on a fine grid.
  :func:`discretised_normal` and :func:`two_peak_mixture` make the
  distributions, :class:`NormalFitGrid` fits by exhaustive grid search (no
  randomness, no optimiser to tune), :func:`kl_landscape_figure` shows the two
  objective surfaces and :class:`MixtureFitExplorer` refits both directions
  live as the mixture changes.

All divergences here are in **nats** (natural log) unless a name says bits.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import coding
from .. import information as info
from .. import plots
from .._validation import as_float_array, check_probabilities, check_scalar
from ._base import Explorer, format_value, format_vector, slider
from .editor import ProbabilityEditor

__all__ = [
    "CodeBars",
    "code_length_figure",
    "CodingExplorer",
    "discretised_normal",
    "two_peak_mixture",
    "NormalFitGrid",
    "kl_landscape_figure",
    "MixtureFitExplorer",
]


# =========================================================================== coding picture


_IDEAL = {
    "q": ("ideal −log₂ q(x)  (area = H(p,q))", dict(color=plots.COLORS["accent"], linestyle="--", linewidth=2.2)),
    "p": ("ideal −log₂ p(x)  (area = H(p))", dict(color="#000000", linestyle=":", linewidth=2.2)),
}


def _legend_handles(kinds):
    handles = [Patch(facecolor="#bbbbbb", edgecolor="white", label="bar: codeword length L(x)  (area = L)")]
    handles += [Line2D([], [], label=_IDEAL[k][0], **_IDEAL[k][1]) for k in kinds]
    return handles


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
        ax.set_xlabel("p(x): share of the messages (bar width)")
        ax.set_ylabel("bits per symbol (bar height)")

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
            text.set_position((x0 + w / 2, min(float(h), top) * 0.5))
            text.set_text(f"{lab}\n{cw or '(empty)'}")
            text.set_visible(bool(w >= 0.07))


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
    used = []
    for i, (ax, code, q) in enumerate(zip(axes, codes, ideal_q)):
        kinds, ideals = [], []
        if q is not None:
            kinds.append("q")
            ideals.append(info.self_information(check_probabilities(q, "ideal_q entry")))
        if show_ideal_p:
            kinds.append("p")
            ideals.append(info.self_information(p))
        used += [k for k in kinds if k not in used]
        bars = CodeBars(ax, p.size, ymax=ymax, ideals=kinds,
                        bar_color=plots.PALETTE[1] if i % 2 == 0 else plots.PALETTE[4])
        bars.update(p, code, ideals)
        length = coding.expected_length(p, code)
        title = titles[i] if titles is not None else f"L = {length:.4f} bits (H(p) = {hp:.4f} bits)"
        ax.set_title(title, fontsize=10)
        if i:
            ax.set_ylabel("")
    fig.legend(handles=_legend_handles([k for k in ("q", "p") if k in used]), loc="outside upper center",
               ncols=3, frameon=False, fontsize=8.5)
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
    caption = ("Bar area = bits per symbol. The dashed area is H(p,q), the dotted area H(p): "
               "whole-bit bars only approximate them.")

    _ROWS = ("H(p)", "L(p's code)", "H(p,q)", "L(q's code)")

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
        ax.set_title("q's Huffman code used on symbols from p", fontsize=10)
        self.fig.legend(handles=_legend_handles(("q", "p")), loc="outside upper center",
                        ncols=3, frameon=False, fontsize=8)
        c = plots.COLORS
        y = np.arange(len(self._ROWS))[::-1]
        colors = [c["p"], plots.PALETTE[4], c["accent"], c["q"]]
        self.info_bars = list(axr.barh(y, np.zeros(len(y)), 0.6, color=colors))
        self.value_texts = [axr.text(0, yy, "", va="center", ha="left", fontsize=9) for yy in y]
        axr.set_yticks(y, self._ROWS)
        axr.set_xlim(0, self.ymax)
        axr.set_xlabel("bits per symbol")
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
        out = {k: f"{format_value(val)} bits" for k, val in v.items()}
        out["q's code"] = " ".join(f"{lab}:{cw}" for lab, cw in zip(code_q.labels, code_q.codewords))
        return out

    def summary(self):
        lines = [f"CodingExplorer(p = {format_vector(self.p_editor.value)}, q = {format_vector(self.q_editor.value)})"]
        lines += [f"  {k} = {val}" for k, val in self.readouts.items()]
        return "\n".join(lines)


# =========================================================================== Gaussian fits


def _grid(x):
    x = as_float_array(x, "x")
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"x must be a 1-D grid with at least 2 points, got shape {x.shape}")
    if not np.all(np.diff(x) > 0):
        raise ValueError("x must be strictly increasing")
    return x


def _log_normal_on_grid(x, mu, sigma, *, return_log_norm=False):
    """Exact log-probabilities of the grid-normalised normal; shape broadcast(mu, sigma) + (n,).

    With ``return_log_norm``, also ln Z = ln sum_j exp(-(x_j - mu)^2 / 2 sigma^2), shape broadcast(mu, sigma).
    """
    z = (x - mu[..., None]) / sigma[..., None]
    logw = -0.5 * z * z
    top = logw.max(axis=-1, keepdims=True)
    logw -= top
    log_norm = np.log(np.exp(logw).sum(axis=-1, keepdims=True))
    logw -= log_norm
    if return_log_norm:
        return logw, (top + log_norm)[..., 0]
    return logw


def discretised_normal(x, mu, sigma):
    r"""A normal distribution discretised on a grid: probabilities that sum to 1.

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: q_i = \frac{\exp\!\big(-(x_i - \mu)^2 / 2\sigma^2\big)}
                         {\sum_j \exp\!\big(-(x_j - \mu)^2 / 2\sigma^2\big)}

    On a fine, wide, evenly spaced grid, :math:`q_i / \Delta x` approximates
    the normal density, and a KL divergence between two such vectors
    approximates the KL divergence between the densities (in nats; the
    :math:`\Delta x` cancels inside the log ratio).

    Parameters
    ----------
    x : array_like, shape (n,)
        Strictly increasing grid.
    mu, sigma : float or array_like
        Mean and standard deviation (sigma > 0); arrays broadcast together.

    Returns
    -------
    numpy.ndarray, shape broadcast(mu, sigma).shape + (n,)
        Probabilities per grid point (they may underflow to exactly 0 far in
        the tails).

    Examples
    --------
    >>> x = np.linspace(-5, 5, 101)
    >>> q = discretised_normal(x, 0.0, 1.0)
    >>> round(float(q.sum()), 12), round(float(q @ x), 12), round(float(q @ x**2), 3)
    (1.0, 0.0, 1.0)
    >>> discretised_normal(x, [0.0, 1.0], 1.0).shape
    (2, 101)
    """
    x = _grid(x)
    mu = as_float_array(mu, "mu")
    sigma = as_float_array(sigma, "sigma")
    if np.any(sigma <= 0):
        raise ValueError(f"sigma must be > 0, got {float(sigma.min())!r}")
    mu, sigma = np.broadcast_arrays(mu, sigma)
    return np.exp(_log_normal_on_grid(x, mu, sigma))


def two_peak_mixture(x, separation, weight, width=1.0):
    r"""A two-peaked mixture of discretised normals on a grid.

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: p = w \, \mathcal N(-d/2, s^2) + (1 - w)\, \mathcal N(+d/2, s^2)

    (each component discretised by :func:`discretised_normal`), so the peaks
    are ``separation`` apart and centred on 0.

    Parameters
    ----------
    x : array_like, shape (n,)
        Strictly increasing grid.
    separation : float
        Distance d >= 0 between the two peaks.
    weight : float
        Weight w in [0, 1] of the **left** peak.
    width : float, default 1
        Standard deviation s > 0 of each peak.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Probabilities per grid point, summing to 1.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 401)
    >>> p = two_peak_mixture(x, 5.0, 0.4)
    >>> round(float(p.sum()), 12), round(float(p @ x), 6)     # mean = 0.4(-2.5) + 0.6(2.5)
    (1.0, 0.5)
    """
    x = _grid(x)
    d = check_scalar(separation, "separation", low=0)
    w = check_scalar(weight, "weight", low=0, high=1)
    s = check_scalar(width, "width", low=0, low_inclusive=False)
    comps = np.exp(_log_normal_on_grid(x, np.array([-d / 2, d / 2]), np.array([s, s])))
    return w * comps[0] + (1 - w) * comps[1]


class NormalFitGrid:
    r"""Fit one discretised normal to a distribution by KL, searching a (mu, sigma) grid.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Every candidate :math:`q_{\mu,\sigma}` on the parameter grid is
    precomputed once, so a reverse fit costs one matrix-vector product and a
    forward fit only needs the first two moments of p (because
    :math:`-\ln q_i = (x_i - \mu)^2 / 2\sigma^2 + \ln Z`).  Two directions:

    - ``"forward"``: :math:`\mathrm{KL}(p\,\|\,q) = \sum_i p_i \ln(p_i/q_i)`,
      an average over the *data* p: q is punished wherever p has mass and q
      has little, so the best q covers all of p (mass-covering);
    - ``"reverse"``: :math:`\mathrm{KL}(q\,\|\,p) = \sum_i q_i \ln(q_i/p_i)`,
      an average over the *model* q: q is punished for putting mass where p
      has little, so the best q sits inside one peak (mode-seeking).

    Values are in **nats**.  The search is exhaustive and deterministic; the
    answer is exact up to the grid spacing.  Log-probabilities are computed
    exactly, so a candidate whose tail probabilities underflow to 0 in
    floating point still gets its (large) finite forward KL, not ``inf``.

    Parameters
    ----------
    x : array_like, shape (n,)
        The grid the distributions live on (strictly increasing).
    mus : array_like, shape (m,)
        Candidate means.
    sigmas : array_like, shape (s,)
        Candidate standard deviations (> 0).

    Examples
    --------
    >>> x = np.linspace(-10, 10, 201)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4, 36))
    >>> p = two_peak_mixture(x, 6.0, 0.5)
    >>> mu, sigma, kl = fit.best(p, "forward"); round(mu, 2), round(sigma, 2)
    (0.0, 3.2)
    >>> mu, sigma, kl = fit.best(p, "reverse"); abs(round(mu, 2)), round(sigma, 2), round(kl, 2)
    (3.0, 1.0, 0.69)
    """

    DIRECTIONS = ("forward", "reverse")

    def __init__(self, x, mus, sigmas):
        self.x = _grid(x)
        self.mus = as_float_array(mus, "mus").ravel()
        self.sigmas = as_float_array(sigmas, "sigmas").ravel()
        if np.any(self.sigmas <= 0):
            raise ValueError(f"sigmas must be > 0, got {float(self.sigmas.min())!r}")
        m_grid, s_grid = np.meshgrid(self.mus, self.sigmas, indexing="ij")
        self.shape = m_grid.shape
        self._mu_flat = m_grid.ravel()
        self._sigma_flat = s_grid.ravel()
        logq, self._log_norm = _log_normal_on_grid(self.x, self._mu_flat, self._sigma_flat, return_log_norm=True)
        self._q = np.exp(logq)
        self._neg_entropy = np.einsum("ij,ij->i", self._q, logq)  # sum q ln q (0 ln 0 = 0: finite logs)
        # Only q is kept: the forward direction needs just two moments of p (see kl_surface),
        # and one matrix instead of two keeps a tick inside the CPU cache.  The products use einsum
        # (one thread, no BLAS): on a busy machine a multithreaded BLAS call can stall a slider.

    def _p(self, p):
        p = check_probabilities(p, "p").astype(np.float64, copy=False)
        if p.shape != self.x.shape:
            raise ValueError(f"p must have one probability per grid point ({self.x.size}), got shape {p.shape}")
        return p

    def kl_surface(self, p, direction="forward"):
        """KL in nats for every candidate, shape ``(len(mus), len(sigmas))``.

        ``direction="forward"`` gives KL(p‖q), ``"reverse"`` gives KL(q‖p);
        a candidate with q > 0 where p = 0 has reverse KL ``inf``.
        """
        p = self._p(p)
        if direction == "forward":
            pos = p > 0
            logp = np.log(p, out=np.zeros_like(p), where=pos)
            # -sum_i p_i ln q_i = E_p[(x - mu)^2] / (2 sigma^2) + ln Z(mu, sigma), exactly, from two
            # moments of p; ln q is finite everywhere, so terms with p_i = 0 vanish as they should.
            m1, m2 = float(p @ self.x), float(p @ (self.x * self.x))
            mu, sigma = self._mu_flat, self._sigma_flat
            out = float(p @ logp) + (m2 - 2 * mu * m1 + mu * mu) / (2 * sigma * sigma) + self._log_norm
        elif direction == "reverse":
            pos = p > 0
            if pos.all():
                out = self._neg_entropy - np.einsum("ij,j->i", self._q, np.log(p))
            else:
                logp = np.log(p, out=np.zeros_like(p), where=pos)
                out = self._neg_entropy - np.einsum("ij,j->i", self._q, logp)
                out[(self._q[:, ~pos] > 0).any(axis=1)] = np.inf
        else:
            raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
        return np.maximum(out, 0.0).reshape(self.shape)

    def best(self, p, direction="forward", *, mu_range=None):
        """The grid point with the smallest KL: ``(mu, sigma, kl_in_nats)``.

        ``mu_range=(lo, hi)`` restricts the search to lo <= mu <= hi (to find
        a local minimum, e.g. the reverse-KL fit on the other peak).  Ties go
        to the first candidate (smallest mu, then smallest sigma).
        """
        surface = self.kl_surface(p, direction)
        return self.argmin(surface, mu_range=mu_range)

    def argmin(self, surface, *, mu_range=None):
        """``(mu, sigma, value)`` at the minimum of a surface from :meth:`kl_surface`."""
        i, j = self._index(surface, mu_range)
        return float(self.mus[i]), float(self.sigmas[j]), float(np.asarray(surface)[i, j])

    def _index(self, surface, mu_range=None):
        s = np.asarray(surface, dtype=float)
        if s.shape != self.shape:
            raise ValueError(f"surface must have shape {self.shape}, got {s.shape}")
        if mu_range is not None:
            lo, hi = mu_range
            keep = (self.mus >= lo) & (self.mus <= hi)
            if not keep.any():
                raise ValueError(f"no candidate mean lies in mu_range={mu_range!r}")
            s = np.where(keep[:, None], s, np.inf)
        i, j = np.unravel_index(int(np.argmin(s)), self.shape)
        return int(i), int(j)

    def local_minima(self, p, direction="forward"):
        """All local minima of the KL surface: a list of ``(mu, sigma, kl_in_nats)``, best first.

        A grid point is a local minimum if its KL is below that of all 8
        neighbours; minima within two grid steps of a better one are dropped
        (one basin whose bottom falls between grid points can otherwise show
        up twice).  Gradient descent started in a basin ends in its minimum,
        so more than one entry means the fit depends on where it starts.
        """
        surface = self.kl_surface(p, direction)
        return [(float(self.mus[i]), float(self.sigmas[j]), float(surface[i, j]))
                for i, j in self._local_minimum_indices(surface)]

    def _local_minimum_indices(self, surface):
        s = np.asarray(surface, dtype=float)
        padded = np.pad(s, 1, constant_values=np.inf)
        is_min = np.isfinite(s)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di or dj:
                    is_min &= s < padded[1 + di:1 + di + s.shape[0], 1 + dj:1 + dj + s.shape[1]]
        found = sorted((float(s[i, j]), int(i), int(j)) for i, j in np.argwhere(is_min))
        kept = []
        for _, i, j in found:
            if all(max(abs(i - a), abs(j - b)) > 2 for a, b in kept):
                kept.append((i, j))
        return kept

    def candidate(self, mu, sigma):
        """The discretised normal q for (mu, sigma), on ``x``."""
        return discretised_normal(self.x, mu, sigma)

    def moment_match(self, p):
        r"""Mean and standard deviation of p on the grid: ``(mu, sigma)``.

        Over all normals (continuous, unbounded grid) the forward-KL optimum
        is exactly this moment match: minimising KL(p‖q) over the normal
        family sets q's mean and variance to p's.
        """
        p = self._p(p)
        mu = float(p @ self.x)
        return mu, float(np.sqrt(p @ (self.x - mu) ** 2))


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
    >>> fit = NormalFitGrid(x, np.linspace(-4, 4, 17), np.linspace(0.5, 3, 6))
    >>> fig = kl_landscape_figure(fit, two_peak_mixture(x, 4.0, 0.5))
    >>> [ax.get_title() for ax in fig.axes[:2]]
    ['forward KL(p‖q): mass-covering', 'reverse KL(q‖p): mode-seeking']
    """
    if not isinstance(fit, NormalFitGrid):
        raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
    surfaces = [fit.kl_surface(p, d) for d in NormalFitGrid.DIRECTIONS]
    fig, axes = plots.new_figure(figsize=figsize, ncols=2)
    titles = ["forward KL(p‖q): mass-covering", "reverse KL(q‖p): mode-seeking"]
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
        cbar = fig.colorbar(mesh, ax=ax, label="KL [nats] (log scale)", pad=0.02)
        cbar.ax.minorticks_off()  # log-scale minor tick labels are slow to lay out and clutter the bar
        i0, j0 = fit._index(surface)
        ax.plot([fit.mus[i0]], [fit.sigmas[j0]], "*", color="white", markersize=16, markeredgecolor="black",
                label=f"minimum: μ = {fit.mus[i0]:.1f}, σ = {fit.sigmas[j0]:.1f} ({surface[i0, j0]:.3f} nats)")
        others = [(i, j) for i, j in fit._local_minimum_indices(surface) if (i, j) != (i0, j0)]
        for i, j in others:
            ax.plot([fit.mus[i]], [fit.sigmas[j]], "o", color="white", markersize=8, markeredgecolor="black",
                    label=f"local min: μ = {fit.mus[i]:.1f}, σ = {fit.sigmas[j]:.1f} ({surface[i, j]:.3f} nats)")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("μ of the fitted normal")
        ax.set_ylabel("σ of the fitted normal")
        ax.grid(False)
        ax.legend(frameon=True, fontsize=7.5, loc="upper center", framealpha=0.85)
    return fig


class MixtureFitExplorer(Explorer):
    """Fit one normal to a two-peaked mixture by forward and by reverse KL, live.

    Sliders: the distance d between the peaks and the weight w of the left
    peak.  On every tick both fits are redone by exhaustive search over the
    candidates of a :class:`NormalFitGrid`, and four numbers are read out
    (in nats): each fit's KL in both directions.

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
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4.5, 41))
    >>> ex = MixtureFitExplorer(fit, separation=6.0, weight=0.3)
    >>> ex.values["reverse μ"], ex.values["reverse σ"]
    (3.0, 1.0)
    >>> ex.weight.value = 0.7; ex.values["reverse μ"]
    -3.0
    """

    figsize = (8.0, 3.2)
    caption = ("Forward KL spreads q over both peaks; reverse KL hides q inside one peak "
               "(the heavier one).")

    def __init__(self, fit, *, separation=5.0, weight=0.4, width=1.0, xlim=None, caption=None, title=None):
        if not isinstance(fit, NormalFitGrid):
            raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
        self.fit = fit
        self.width = check_scalar(width, "width", low=0, low_inclusive=False)
        self.separation = slider("d (peak distance)", check_scalar(separation, "separation", low=0, high=8),
                                 0.0, 8.0, 0.1, unit="units of x", readout_format=".1f")
        self.weight = slider("w (left-peak weight)", check_scalar(weight, "weight", low=0.05, high=0.95),
                             0.05, 0.95, 0.05, unit="probability")
        self._dx = float(np.mean(np.diff(fit.x)))
        self._xlim = (float(fit.x[0]), float(fit.x[-1])) if xlim is None else tuple(float(v) for v in xlim)
        super().__init__([self.separation, self.weight], caption=caption, title=title)

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        x = self.fit.x
        zeros = np.zeros_like(x)
        c = plots.COLORS
        (self.line_p,) = ax.plot(x, zeros, color=c["p"], linewidth=2.5, label="p: the two-peaked mixture")
        (self.line_fwd,) = ax.plot(x, zeros, color=c["q"], linewidth=2, linestyle="--",
                                   label="q minimising forward KL(p‖q)")
        (self.line_rev,) = ax.plot(x, zeros, color=c["accent"], linewidth=2, linestyle="-.",
                                   label="q minimising reverse KL(q‖p)")
        self.dynamic(self.line_p, self.line_fwd, self.line_rev)
        ax.set_xlim(*self._xlim)
        ax.set_ylim(0, 0.55 / self.width)
        ax.set_xlabel("x")
        ax.set_ylabel("probability density (per unit of x)")
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
        self.values = {
            "forward μ": mu_f, "forward σ": s_f,
            "KL(p‖q_fwd)": float(fwd[i_f]), "KL(q_fwd‖p)": float(rev[i_f]),
            "reverse μ": mu_r, "reverse σ": s_r,
            "KL(p‖q_rev)": float(fwd[i_r]), "KL(q_rev‖p)": float(rev[i_r]),
        }
        v = self.values
        return {
            "forward fit": f"μ = {mu_f:.2f}, σ = {s_f:.2f}",
            "KL(p‖q_fwd)": f"{format_value(v['KL(p‖q_fwd)'])} nats",
            "KL(q_fwd‖p)": f"{format_value(v['KL(q_fwd‖p)'])} nats",
            "reverse fit": f"μ = {mu_r:.2f}, σ = {s_r:.2f}",
            "KL(p‖q_rev)": f"{format_value(v['KL(p‖q_rev)'])} nats",
            "KL(q_rev‖p)": f"{format_value(v['KL(q_rev‖p)'])} nats",
        }
