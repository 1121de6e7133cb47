"""Explorers for the regression losses: robust line fitting under L2, L1, Smooth L1 and Huber.

Introduced in notebook ``07_regression_losses``.
"""

from __future__ import annotations

import numpy as np

from .. import plots
from ..fitting import fit_line, make_line_data
from ..i18n import N_, _
from ._base import Explorer, format_value, slider

__all__ = ["RobustFitExplorer"]

#: (key, legend label, colour, line style) of the four fitted lines.
_FITS = (
    ("l2", "L2 (MSE)", plots.PALETTE[5], "-"),
    ("l1", "L1 (MAE)", plots.PALETTE[0], "-"),
    ("smooth_l1", "Smooth L1 (β)", plots.PALETTE[2], "--"),
    ("huber", "Huber (δ)", plots.PALETTE[3], ":"),
)


def _fit_label(key, beta, delta):
    """The legend label of a fitted line, with the current threshold: ``"Huber (δ = 1.0)"``."""
    if key == "smooth_l1":
        return f"Smooth L1 (β = {beta:.1f})"
    if key == "huber":
        return f"Huber (δ = {delta:.1f})"
    return dict((k, label) for k, label, *_style in _FITS)[key]


class RobustFitExplorer(Explorer):
    """Fit a line to data with outliers under four losses; drag the outliers and the thresholds.

    Left: the data (clean points grey, outliers vermillion), the true line
    (dashed black) and the best line under L2, L1, Smooth L1 (β) and Huber (δ),
    refitted on every tick; the legend shows the current β and δ.  Right: the fitted slopes against the true slope.
    Sliders: the outliers' upward shift ``h``, Smooth L1's ``β`` and Huber's
    ``δ`` (both in units of y).  When β = δ the Smooth L1 and Huber lines
    coincide: the two losses differ by the constant factor β, so they have the
    same minimiser.

    The data come from :func:`lossnotes.fitting.make_line_data` (seeded);
    only the outliers move with ``h``.  Each tick runs four fits on ``n``
    points (closed form, exact L1 descent, two short IRLS runs): well under a
    millisecond each for 30 points.

    Parameters
    ----------
    n, n_outliers, seed : int
        Passed to :func:`~lossnotes.fitting.make_line_data`.
    outlier_size : float, default 10.0
        Starting shift of the outliers (units of y).
    beta, delta : float, default 1.0
        Starting thresholds of Smooth L1 and Huber (units of y).
    max_outlier : float, default 20.0
        Largest shift the slider allows (the y axis is fixed to fit it).

    Attributes
    ----------
    values : dict
        ``{"slope L2": ..., "slope L1": ..., "slope Smooth L1": ..., "slope Huber": ...,
        "true slope": ...}`` after each tick.
    lines : dict
        The fitted :class:`~matplotlib.lines.Line2D` per loss key.

    Examples
    --------
    >>> ex = RobustFitExplorer(outlier_size=0.0)
    >>> abs(ex.values["slope L2"] - ex.values["slope L1"]) < 0.05      # no outliers: they agree
    True
    >>> ex.outlier.value = 20.0
    >>> ex.values["slope L2"] > ex.values["slope Huber"] > ex.values["true slope"]
    True
    """

    figsize = (9.0, 3.4)
    caption = N_("L2's line chases the outliers; L1, Smooth L1 and Huber barely move (and Smooth L1 = Huber when β = δ).")

    def __init__(self, *, n=30, n_outliers=4, seed=0, outlier_size=10.0, beta=1.0, delta=1.0,
                 max_outlier=20.0, caption=None, title=None):
        self.data = make_line_data(n=n, n_outliers=n_outliers, outlier_size=0.0, seed=seed)
        self.max_outlier = float(max_outlier)
        self.outlier = slider(_("h (outlier shift)"), float(outlier_size), 0.0, self.max_outlier, 0.5,
                              unit=_("units of y"))
        self.beta = slider("β (Smooth L1)", float(beta), 0.1, 5.0, 0.1, unit=_("units of y"))
        self.delta = slider("δ (Huber)", float(delta), 0.1, 5.0, 0.1, unit=_("units of y"))
        # Precomputed once: the clean targets and the outlier mask (y = y_clean + h·mask).
        self._mask = self.data.is_outlier.astype(float)
        self._x_out = self.data.x[self.data.is_outlier]
        super().__init__([self.outlier, self.beta, self.delta], caption=caption, title=title)

    def _build(self):
        d = self.data
        ax, axs = self.fig.subplots(1, 2, width_ratios=[2.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axs)
        xgrid = np.array([0.0, 10.0])
        self._xgrid = xgrid
        ax.plot(xgrid, d.slope * xgrid + d.intercept, color="black", linestyle=(0, (4, 3)),
                linewidth=1, label=_("true line"))
        ax.plot(d.x[~d.is_outlier], d.y_clean[~d.is_outlier], "o", color=plots.COLORS["grey"],
                markersize=4, label=_("data"))
        (self.outlier_points,) = ax.plot(self._x_out, d.y_clean[d.is_outlier], "o",
                                         color=plots.COLORS["accent"], markersize=6,
                                         markeredgecolor="black", markeredgewidth=0.6, label=_("outliers"))
        self.lines = {}
        for key, label, color, style in _FITS:
            (line,) = ax.plot(xgrid, xgrid * 0, color=color, linestyle=style, linewidth=2.2, label=label)
            self.lines[key] = line
        self._shown_thresholds = None   # (β, δ) written into the legend
        self.dynamic(self.outlier_points, *self.lines.values())
        lo = float(np.min(d.y_clean)) - 1.0
        hi = float(np.max(d.y_clean)) + self.max_outlier + 1.0
        ax.set_xlim(0, 10)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(_("x [units of x]"))
        ax.set_ylabel(_("y [units of y]"))
        self.legend = ax.legend(frameon=False, loc="upper left", fontsize=8, ncol=2)
        self.ax = ax

        # Right: fitted slopes as horizontal bars, the true slope as a line.
        y = np.arange(len(_FITS))[::-1]
        self.slope_bars = axs.barh(y, np.zeros(len(_FITS)), 0.6, color=[f[2] for f in _FITS])
        self.dynamic(self.slope_bars)  # the numbers are in the readouts (text is slow to draw)
        axs.axvline(d.slope, color="black", linestyle=(0, (4, 3)), linewidth=1)
        axs.set_yticks(y, [f[1] for f in _FITS], fontsize=8)
        # Fixed limit: the steepest slope any slider setting can give is L2's at the largest shift.
        worst = fit_line(d.x, d.y_clean + self.max_outlier * self._mask, "l2").slope
        self._xmax = 1.25 * max(worst, 2 * d.slope)
        axs.set_xlim(0, self._xmax)
        axs.set_xlabel(_("fitted slope [y per x]\n(dashed: true slope)"), fontsize=9)

    def _update(self):
        d = self.data
        thresholds = (float(self.beta.value), float(self.delta.value))
        if thresholds != self._shown_thresholds:
            self._set_threshold_labels(*thresholds)
        h = float(self.outlier.value)
        y = d.y_clean + h * self._mask
        self.outlier_points.set_ydata(y[d.is_outlier])
        fits = {
            "l2": fit_line(d.x, y, "l2"),
            "l1": fit_line(d.x, y, "l1"),
            "smooth_l1": fit_line(d.x, y, "smooth_l1", beta=float(self.beta.value)),
            "huber": fit_line(d.x, y, "huber", delta=float(self.delta.value)),
        }
        names = {"l2": "L2", "l1": "L1", "smooth_l1": "Smooth L1", "huber": "Huber"}
        values = {}
        for (key, *_style), bar in zip(_FITS, self.slope_bars):
            f = fits[key]
            self.lines[key].set_ydata(f.slope * self._xgrid + f.intercept)
            bar.set_width(min(f.slope, self._xmax))
            values[f"slope {names[key]}"] = float(f.slope)
        values["true slope"] = float(d.slope)
        self.values = values
        self.fits = fits
        unit = _("y per x")
        shown = {_("slope {name}").format(name=names[key]): values[f"slope {names[key]}"] for key, *_style in _FITS}
        shown[_("true slope")] = values["true slope"]
        return {k: f"{format_value(v, 3)} {unit}" for k, v in shown.items()}

    def _set_threshold_labels(self, beta, delta):
        """Write the current β and δ into the legend (a static change: the next frame redraws all)."""
        for text in self.legend.get_texts():
            for key, prefix in (("smooth_l1", "Smooth L1 ("), ("huber", "Huber (")):
                if text.get_text().startswith(prefix):
                    text.set_text(_fit_label(key, beta, delta))
        self._shown_thresholds = (beta, delta)
        self.invalidate()
