"""Static figures for the notebooks, and the drawing helpers the explorers share.

Figures are built with :class:`matplotlib.figure.Figure` directly, never through
``pyplot``: nothing here touches global state (no rcParams changes, no current
figure), so a notebook cell that ends with ``fig`` shows it exactly once, and an
explorer's figure is never shown twice by the inline backend.

Colours come from the Okabe–Ito palette, which stays distinguishable under the
common forms of colour blindness (Okabe & Ito, 2008).

Introduced in notebook ``00_start_here`` and used by every notebook.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .i18n import _, get_language

__all__ = [
    "PALETTE",
    "LINE_COLORS",
    "COLORS",
    "blank_figure",
    "style_axes",
    "new_figure",
    "caption",
    "png_bytes",
    "encode_png",
    "bar_compare",
    "plot_curves",
]

#: Okabe–Ito colour-blind-safe palette, in the order the figures use it.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Colours for lines and markers on white: the palette without yellow, which is too pale there.
LINE_COLORS = tuple(c for c in PALETTE if c != "#F0E442")

#: Named roles, so that p is always blue and q always orange across notebooks.
COLORS = {
    "p": PALETTE[0],
    "q": PALETTE[1],
    "m": PALETTE[2],
    "accent": PALETTE[5],
    "grey": "#777777",
    "mse": PALETTE[5],
    "ce": PALETTE[0],
}

#: Pixels per inch for every lossnotes figure (static and live).
DPI = 100


def blank_figure(figsize=(8.0, 3.2)):
    """Return a new pyplot-free figure with an Agg canvas and no axes yet."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def style_axes(ax):
    """Apply the lossnotes look to ``ax``: light grid, no top/right spines."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def new_figure(figsize=(8.0, 3.2), nrows=1, ncols=1, **subplot_kw):
    """Return ``(fig, axes)`` for a new pyplot-free figure with an Agg canvas.

    ``axes`` is a single Axes when ``nrows == ncols == 1``, else an array.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> type(fig).__name__, type(fig.canvas).__name__
    ('Figure', 'FigureCanvasAgg')
    """
    fig = blank_figure(figsize)
    axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    for ax in np.atleast_1d(axes).ravel():
        style_axes(ax)
    return fig, axes


def caption(fig, text):
    """Put a one-line "what to notice" caption under the figure; returns the Text.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> caption(fig, "Notice the peak at p = 0.5.").get_text()
    'Notice the peak at p = 0.5.'
    """
    # Italic in English; upright in Chinese, which has no italic (matplotlib would slant only the Latin letters).
    style = "normal" if get_language() == "zh" else "italic"
    return fig.supxlabel(text, fontsize="medium", style=style, color="#333333")


def _png_chunk(tag, data):
    crc = zlib.crc32(data, zlib.crc32(tag))
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


def encode_png(rgba):
    """Encode an (h, w, 4) uint8 RGBA buffer as PNG bytes, favouring speed over size.

    The PNG is written directly with :mod:`zlib`: every scanline with filter
    type 0 (none) and deflate level 1.  A general encoder (Pillow, matplotlib)
    first tries several filters on every scanline to shrink the file; on the
    flat colours of a plot that search buys little and costs most of the time.
    This encodes a 900 x 340 frame about three times faster than Pillow at
    ``compress_level=1`` (itself five times faster than matplotlib's default),
    for files about 20 % larger: the right trade for a slider that redraws
    many times a second.

    Examples
    --------
    >>> png = encode_png(np.full((2, 3, 4), 255, dtype=np.uint8))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", len(png) < 100
    (True, True)
    """
    arr = np.asarray(rgba, dtype=np.uint8)
    h, w, _ = arr.shape
    scanlines = np.empty((h, 1 + 4 * w), dtype=np.uint8)
    scanlines[:, 0] = 0  # the filter type of each scanline: none
    scanlines[:, 1:] = arr.reshape(h, 4 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA, no interlace
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"IDAT", zlib.compress(scanlines, 1)),
        _png_chunk(b"IEND", b""),
    ))


def png_bytes(fig):
    """Draw ``fig`` and return it as PNG bytes (full draw, no blitting)."""
    fig.canvas.draw()
    return encode_png(fig.canvas.buffer_rgba())


def bar_compare(p, q, labels=None, *, names=("p", "q"), ax=None, ylabel=None, title=None):
    """Side-by-side bars of two distributions over the same outcomes.

    The x label ("outcome") and the default y label ("probability") are in the current
    language (:func:`lossnotes.set_language`); ``names``, ``ylabel`` and ``title`` are shown as given.

    Returns the figure (a new one unless ``ax`` is given).

    Examples
    --------
    >>> fig = bar_compare([0.7, 0.2, 0.1], [1/3, 1/3, 1/3], ["cat", "dog", "fox"])
    >>> len(fig.axes[0].patches)
    6
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if ax is None:
        fig, ax = new_figure(figsize=(6.0, 3.0))
    else:
        fig = ax.figure
    x = np.arange(p.size)
    labels = list(labels) if labels is not None else [f"x{i + 1}" for i in x]
    ax.bar(x - 0.2, p, 0.4, label=names[0], color=COLORS["p"])
    ax.bar(x + 0.2, q, 0.4, label=names[1], color=COLORS["q"])
    ax.set_xticks(x, labels)
    ax.set_xlabel(_("outcome"))
    ax.set_ylabel(_("probability") if ylabel is None else ylabel)
    ax.set_ylim(0, 1)
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return fig


def plot_curves(x, curves, *, xlabel, ylabel, ax=None, ylim=None, title=None, figsize=(6.0, 3.2)):
    """Plot several named curves over one x grid; returns the figure.

    ``curves`` maps a legend label to y values (same length as ``x``).

    Examples
    --------
    >>> x = np.linspace(0.01, 1, 50)
    >>> fig = plot_curves(x, {"-log2 p": -np.log2(x)}, xlabel="p", ylabel="I(p) [bits]")
    >>> fig.axes[0].get_ylabel()
    'I(p) [bits]'
    """
    if ax is None:
        fig, ax = new_figure(figsize=figsize)
    else:
        fig = ax.figure
    for i, (label, y) in enumerate(curves.items()):
        ax.plot(x, y, label=label, color=LINE_COLORS[i % len(LINE_COLORS)], linewidth=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if len(curves) > 1:
        ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return fig
