"""The engine under every explorer: one figure, drawn once, updated in place.

How a slider tick is handled, and why it is fast
------------------------------------------------
* The figure is created once.  Artists that change with the sliders (bars,
  lines, markers, value labels) are registered as *dynamic*: matplotlib's full
  draw skips them (``set_animated(True)``).
* After a full draw, the static background (axes, ticks, labels, legends) is
  saved.  A tick restores that background and redraws only the dynamic
  artists (blitting), then encodes the frame as PNG with fast compression and
  hands the bytes to an :class:`ipywidgets.Image`.  No figure is created and no
  ``plt.show()`` happens per tick.
* A full draw happens only when something static changes (axis limits, a unit
  in an axis label): subclasses call :meth:`Explorer.invalidate`.

What the saved notebook shows
-----------------------------
Displaying an explorer emits one output with three representations: the live
widget view (JupyterLab, Voilà, Colab), a PNG of the current state (GitHub,
nbviewer, or any reader without a kernel), and a plain-text summary of the
numbers (what nbval compares).  Front ends pick the richest one they can show.

Introduced in notebook ``00_start_here``.
"""

from __future__ import annotations

import base64
import html

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..i18n import _, unit_label

__all__ = ["Explorer", "slider", "format_value", "format_vector"]


def slider(symbol, value, min, max, step, *, unit=None, readout_format=".2f", width="100%"):
    """A keyboard-operable :class:`ipywidgets.FloatSlider` labelled with its symbol and unit.

    The description reads e.g. ``"T (temperature)"`` or ``"p"``; arrow keys move
    the focused handle by one ``step``.

    Examples
    --------
    >>> s = slider("z", 0.0, -10, 10, 0.1, unit="logit")
    >>> s.description, s.value
    ('z [logit]', 0.0)
    """
    unit = unit_label(unit)  # "bits" -> "比特" in Chinese; other units pass through _()
    description = f"{symbol} [{unit}]" if unit else symbol
    return widgets.FloatSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width=width),
    )


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


class Explorer:
    """Base class: controls + a figure updated in place + live readouts.

    Subclasses implement :meth:`_build` (create axes and artists, register the
    changing ones with :meth:`dynamic`) and :meth:`_update` (read the controls,
    set the artists' data, return the readouts as ``{label: text}``), and put
    their controls in ``self.controls`` before calling ``super().__init__``.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
    widget : ipywidgets.VBox
        What is displayed: controls, the figure image, the readouts.
    readouts : dict
        The latest readout texts, e.g. ``{"H(p)": "1.1568 bits"}``.
    values : dict
        The latest readout numbers, for tests and exercises.
    frames : int
        How many frames have been rendered (a test can check that a slider
        tick rendered exactly one).
    """

    figsize = (8.0, 3.2)
    caption = ""

    def __init__(self, controls, *, caption=None, title=None):
        self.controls = list(controls)
        if caption is not None:
            self.caption = caption
        self.title = title
        self.fig = plots.blank_figure(self.figsize)
        self._dynamic = []
        self._background = None
        self.readouts = {}
        self.values = {}
        self.frames = 0
        self._build()
        # The frame at its own pixel size (never stretched across a wide Voilà page), shrinking to fit
        # a narrow one.
        width_px = int(round(self.fig.get_figwidth() * self.fig.dpi))
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{width_px}px", max_width="100%", height="auto")
        )
        self.readout_html = widgets.HTML()
        # Captions are class attributes marked with N_(): translated here, when shown.
        caption_html = widgets.HTML(f"<i>{html.escape(_(self.caption))}</i>") if self.caption else None
        header = [widgets.HTML(f"<b>{html.escape(_(title))}</b>")] if title else []
        self.widget = widgets.VBox(
            header
            + [widgets.VBox(self.controls), self.image, self.readout_html]
            + ([caption_html] if caption_html else [])
        )
        for control in self._observed_controls():
            control.observe(self._on_change, names="value")
        self.refresh()

    # -- subclass hooks ---------------------------------------------------
    def _build(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _update(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def _observed_controls(self):
        """Widgets whose ``value`` changes trigger a refresh (default: all controls)."""
        return [c for c in self.controls if hasattr(c, "value")]

    # -- engine -------------------------------------------------------------
    def dynamic(self, *artists):
        """Register artists that change per tick; returns the first (or the list)."""
        flat = []
        for a in artists:
            if isinstance(a, (list, tuple)) or hasattr(a, "patches"):
                flat.extend(getattr(a, "patches", a))
            else:
                flat.append(a)
        for a in flat:
            a.set_animated(True)
        self._dynamic.extend(flat)
        return artists[0] if len(artists) == 1 else artists

    def invalidate(self):
        """Ask for a full redraw on the next frame (after a static change)."""
        self._background = None

    def _on_change(self, change=None):
        self.refresh()

    def refresh(self):
        """Recompute from the controls, update the artists and render one frame."""
        readouts = self._update() or {}
        self.readouts = dict(readouts)
        self.readout_html.value = self._readout_markup()
        self.image.value = self._render()
        self.frames += 1

    def _render(self):
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()  # static parts only: dynamic artists are animated
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        return plots.encode_png(canvas.buffer_rgba())

    def _readout_markup(self):
        cells = "".join(
            f"<td style='padding:0 1em 0 0'><b>{html.escape(k)}</b> = {html.escape(v)}</td>"
            for k, v in self.readouts.items()
        )
        return f"<table style='font-family:monospace'><tr>{cells}</tr></table>"

    # -- display --------------------------------------------------------------
    def summary(self):
        """Plain-text state: control values and readouts (what nbval compares)."""
        name = type(self).__name__
        controls = ", ".join(
            f"{c.description} = {c.value:.4g}" if isinstance(c.value, float) else f"{c.description} = {c.value}"
            for c in self._observed_controls()
            if getattr(c, "description", "")
        )
        lines = [f"{name}({controls})" if controls else name]
        lines += [f"  {k} = {v}" for k, v in self.readouts.items()]
        return "\n".join(lines)

    def __repr__(self):
        return self.summary()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {
            "text/plain": self.summary(),
            "image/png": base64.b64encode(self.image.value).decode("ascii"),
        }
        bundle["application/vnd.jupyter.widget-view+json"] = {
            "version_major": 2,
            "version_minor": 0,
            "model_id": self.widget.model_id,
        }
        return bundle
