"""Explorers for the regression losses: robust line fitting under L2, L1, Smooth L1 and Huber.

Both run in the browser (:mod:`lossnotes.widgets._browser`): ``js/robust_fit.js`` refits the four
lines on every slider step, ``js/regression_loss.js`` draws the four losses against the error.

Introduced in notebook ``07_regression_losses``.
"""

from __future__ import annotations

import numpy as np
import traitlets

from .. import losses, plots
from .._validation import check_scalar
from ..fitting import fit_line, make_line_data
from ..i18n import N_, _
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["RobustFitExplorer", "RegressionLossExplorer"]

#: (key, readout name, legend label, colour, line style) of the four fitted lines; the colours and
#: dashes are those of js/robust_fit.js.
_FITS = (
    ("l2", "L2", "L2 (MSE)", plots.PALETTE[5], "-"),
    ("l1", "L1", "L1 (MAE)", plots.PALETTE[0], (0, (6, 3))),
    ("smooth_l1", "Smooth L1", "Smooth L1 (β)", plots.PALETTE[2], (0, (2, 3))),
    ("huber", "Huber", "Huber (δ)", plots.PALETTE[3], (0, (8, 3, 2, 3))),
)


def _fit_label(key, beta, delta):
    """The legend label of a fitted line, with the current threshold: ``"Huber (δ = 1.0)"``."""
    if key == "smooth_l1":
        return f"Smooth L1 (β = {beta:.1f})"
    if key == "huber":
        return f"Huber (δ = {delta:.1f})"
    return {k: label for k, _name, label, *_style in _FITS}[key]


def _shown(key):
    """A readout's name as shown (translated): "slope L2" -> _("slope {name}")."""
    if key.startswith("slope "):
        return _("slope {name}").format(name=key[len("slope "):])
    return _(key)


N_("true slope")


class RobustFitExplorer(BrowserExplorer):
    """Fit a line to data with outliers under four losses; drag the outliers and the thresholds.

    Runs in the browser (``lossnotes/widgets/js/robust_fit.js``).  Left: the data (clean points
    grey circles, outliers vermillion squares), the true line (dashed) and the best line under
    L2, L1, Smooth L1 (β) and Huber (δ), refitted on every slider step; the legend shows the
    current β and δ.  Right: the fitted slopes against the true slope.  Sliders: the outliers'
    upward shift ``h``, Smooth L1's ``β`` and Huber's ``δ`` (both in units of y).  When β = δ the
    Smooth L1 and Huber lines coincide: the two losses differ by the constant factor β, so they
    have the same minimiser.

    The data come from :func:`lossnotes.fitting.make_line_data` (seeded); only the outliers move
    with ``h``.  The module runs :func:`lossnotes.fitting.fit_line`'s algorithm step for step
    (closed form, exact L1 descent, IRLS), so its slopes are Python's to the last bits.

    Introduced in notebook ``07_regression_losses``.

    Parameters
    ----------
    n, n_outliers, seed : int
        Passed to :func:`~lossnotes.fitting.make_line_data`.
    outlier_size : float, default 10.0
        Starting shift h of the outliers (units of y), in [0, max_outlier].
    beta, delta : float in [0.1, 5], default 1.0
        Starting thresholds of Smooth L1 and Huber (units of y).
    max_outlier : float > 0, default 20.0
        Largest shift the slider allows (the y axis is fixed to fit it).
    caption, title : str, optional

    Attributes
    ----------
    outlier_size, beta, delta : float
        The current parameters, synced with the browser.
    x, y_clean, is_outlier : list
        The data (fixed).
    values : dict
        ``{"slope L2", "slope L1", "slope Smooth L1", "slope Huber", "true slope"}`` of the
        current state, in y per x.

    Examples
    --------
    >>> ex = RobustFitExplorer(outlier_size=0.0)
    >>> abs(ex.values["slope L2"] - ex.values["slope L1"]) < 0.05      # no outliers: they agree
    True
    >>> ex.outlier_size = 20.0
    >>> ex.values["slope L2"] > ex.values["slope Huber"] > ex.values["true slope"]
    True
    """

    _module = "robust_fit.js"
    outlier_size = traitlets.Float(10.0).tag(sync=True)
    beta = traitlets.Float(1.0).tag(sync=True)
    delta = traitlets.Float(1.0).tag(sync=True)
    x = traitlets.List(traitlets.Float()).tag(sync=True)
    y_clean = traitlets.List(traitlets.Float()).tag(sync=True)
    is_outlier = traitlets.List(traitlets.Bool()).tag(sync=True)
    true_slope = traitlets.Float(0.5).tag(sync=True)
    true_intercept = traitlets.Float(1.0).tag(sync=True)
    max_outlier = traitlets.Float(20.0).tag(sync=True)
    state_keys = ("outlier_size", "beta", "delta")
    data_keys = ("x", "y_clean", "is_outlier", "true_slope", "true_intercept", "max_outlier")
    default_caption = N_("L2's line chases the outliers; L1, Smooth L1 and Huber barely move "
                         "(and Smooth L1 = Huber when β = δ).")
    QUANTITIES = ("slope L2", "slope L1", "slope Smooth L1", "slope Huber", "true slope")

    def __init__(self, *, n=30, n_outliers=4, seed=0, outlier_size=10.0, beta=1.0, delta=1.0,
                 max_outlier=20.0, caption=None, title=None):
        max_outlier = check_scalar(max_outlier, "max_outlier", low=0.0, low_inclusive=False)
        data = make_line_data(n=n, n_outliers=n_outliers, outlier_size=0.0, seed=seed)
        super().__init__(x=data.x.tolist(), y_clean=data.y_clean.tolist(), is_outlier=data.is_outlier.tolist(),
                         true_slope=float(data.slope), true_intercept=float(data.intercept),
                         max_outlier=max_outlier, outlier_size=outlier_size, beta=beta, delta=delta,
                         caption=caption, title=title)

    @traitlets.validate("outlier_size")
    def _valid_h(self, proposal):
        try:
            return check_scalar(proposal["value"], "outlier_size", low=0.0, high=self.max_outlier)
        except (ValueError, TypeError) as err:
            raise traitlets.TraitError(str(err)) from None

    @traitlets.validate("beta", "delta")
    def _valid_threshold(self, proposal):
        try:
            return check_scalar(proposal["value"], proposal["trait"].name, low=0.1, high=5.0)
        except (ValueError, TypeError) as err:
            raise traitlets.TraitError(str(err)) from None

    @staticmethod
    def _data(state):
        x = np.asarray(state["x"], dtype=float)
        mask = np.asarray(state["is_outlier"], dtype=float)
        y = np.asarray(state["y_clean"], dtype=float) + float(state["outlier_size"]) * mask
        return x, y

    @classmethod
    def fits(cls, state):
        """The four :class:`~lossnotes.fitting.LineFit` of ``state``, keyed ``l2 l1 smooth_l1 huber``."""
        x, y = cls._data(state)
        return {
            "l2": fit_line(x, y, "l2"),
            "l1": fit_line(x, y, "l1"),
            "smooth_l1": fit_line(x, y, "smooth_l1", beta=float(state["beta"])),
            "huber": fit_line(x, y, "huber", delta=float(state["delta"])),
        }

    @classmethod
    def readouts(cls, state):
        """The four fitted slopes and the true one (y per x) of ``state`` (parameters and data).

        Examples
        --------
        >>> s = {"outlier_size": 0.0, "beta": 1.0, "delta": 1.0, "x": [0.0, 1.0, 2.0],
        ...      "y_clean": [1.0, 2.0, 3.0], "is_outlier": [False, False, True], "true_slope": 1.0}
        >>> RobustFitExplorer.readouts(s)["slope L1"]
        1.0
        """
        fits = cls.fits(state)
        out = {f"slope {name}": float(fits[key].slope) for key, name, *_rest in _FITS}
        out["true slope"] = float(state["true_slope"])
        return out

    @classmethod
    def static_figure(cls, state):
        """The data, the true line and the four fits; the fitted slopes as bars."""
        x, y = cls._data(state)
        out = np.asarray(state["is_outlier"], dtype=bool)
        y_clean = np.asarray(state["y_clean"], dtype=float)
        slope0, icpt0 = float(state["true_slope"]), float(state.get("true_intercept", 1.0))
        max_outlier = float(state.get("max_outlier", 20.0))
        fits = cls.fits(state)
        fig = plots.blank_figure((9.0, 3.4))
        ax, axs = fig.subplots(1, 2, width_ratios=[2.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axs)
        xgrid = np.array([0.0, 10.0])
        ax.plot(xgrid, slope0 * xgrid + icpt0, color="black", linestyle=(0, (4, 3)), linewidth=1, label=_("true line"))
        ax.plot(x[~out], y[~out], "o", color=plots.COLORS["grey"], markersize=4, label=_("data"))
        ax.plot(x[out], y[out], "s", color=plots.COLORS["accent"], markersize=6, markeredgecolor="black",
                markeredgewidth=0.6, label=_("outliers"))
        for key, _name, _label, color, style in _FITS:
            f = fits[key]
            ax.plot(xgrid, f.slope * xgrid + f.intercept, color=color, linestyle=style, linewidth=2.2,
                    label=_fit_label(key, state["beta"], state["delta"]))
        ax.set_xlim(0, 10)
        ax.set_ylim(float(np.min(y_clean)) - 1.0, float(np.max(y_clean)) + max_outlier + 1.0)
        ax.set_xlabel(_("x [units of x]"))
        ax.set_ylabel(_("y [units of y]"))
        ax.legend(frameon=False, loc="upper left", fontsize=8, ncol=2)
        rows = np.arange(len(_FITS))[::-1]
        worst = fit_line(x, y_clean + max_outlier * out, "l2").slope
        xmax = 1.25 * max(worst, 2 * slope0)
        axs.barh(rows, [min(fits[k].slope, xmax) for k, *_rest in _FITS], 0.6, color=[f[3] for f in _FITS],
                 edgecolor="black", linewidth=0.5)
        axs.axvline(slope0, color="black", linestyle=(0, (4, 3)), linewidth=1)
        axs.set_yticks(rows, [f[2] for f in _FITS], fontsize=8)
        axs.set_xlim(0, xmax)
        axs.set_xlabel(_("fitted slope [y per x]\n(dashed: true slope)"), fontsize=9)
        return fig

    def summary(self):
        unit = _("y per x")
        lines = [f"RobustFitExplorer(h = {format_value(self.outlier_size, 1)}, β = {format_value(self.beta, 1)}, "
                 f"δ = {format_value(self.delta, 1)} [{_('units of y')}])"]
        lines += [f"  {_shown(k)} = {format_value(v, 3)} {unit}" for k, v in self.values.items()]
        return "\n".join(lines)


#: The four losses of RegressionLossExplorer: (readout name, unit of the loss).
_LOSSES = (("L2 (MSE)", "(units of y)²"), ("L1", "units of y"), ("Smooth L1 (β)", "units of y"),
           ("Huber (δ = β)", "(units of y)²"))


class RegressionLossExplorer(BrowserExplorer):
    """L2, L1, Smooth L1 (β) and Huber (δ = β) against the error e, with sliders β and e.

    Runs in the browser (``lossnotes/widgets/js/regression_loss.js``): the four losses of one
    sample as functions of the error :math:`e = \\hat y - y` (PyTorch's definitions, computed with
    :func:`lossnotes.losses.mse_loss`, :func:`~lossnotes.losses.l1_loss`,
    :func:`~lossnotes.losses.smooth_l1_loss` and :func:`~lossnotes.losses.huber_loss`), a dot on
    each at the slider's e, and the four values as readouts.  With δ = β, Huber = β · Smooth L1.

    Shown in the app (``notebooks/app.ipynb``); the losses are introduced in notebook ``07_regression_losses``.

    Parameters
    ----------
    beta : float in [0.1, 3], default 0.5
        Starting β (= δ), in units of y.
    error : float in [-3, 3], default 2.0
        Starting error e, in units of y.
    caption, title : str, optional

    Examples
    --------
    >>> ex = RegressionLossExplorer(beta=1.0, error=3.0)
    >>> ex.values["Smooth L1 (β)"], ex.values["Huber (δ = β)"]     # 3 - 0.5, 1 · (3 - 0.5)
    (2.5, 2.5)
    >>> ex.beta = 2.0; ex.values["Huber (δ = β)"]                 # 2 · (3 - 1)
    4.0
    """

    _module = "regression_loss.js"
    beta = traitlets.Float(0.5).tag(sync=True)
    error = traitlets.Float(2.0).tag(sync=True)
    state_keys = ("beta", "error")
    default_caption = N_("Beyond β the robust losses grow linearly: an outlier pulls far less than under L2.")
    QUANTITIES = tuple(name for name, _unit in _LOSSES)

    def __init__(self, *, beta=0.5, error=2.0, caption=None, title=None):
        super().__init__(beta=beta, error=error, caption=caption, title=title)

    @traitlets.validate("beta")
    def _valid_beta(self, proposal):
        try:
            return check_scalar(proposal["value"], "beta", low=0.1, high=3.0)
        except (ValueError, TypeError) as err:
            raise traitlets.TraitError(str(err)) from None

    @traitlets.validate("error")
    def _valid_error(self, proposal):
        try:
            return check_scalar(proposal["value"], "error", low=-3.0, high=3.0)
        except (ValueError, TypeError) as err:
            raise traitlets.TraitError(str(err)) from None

    @staticmethod
    def curves(e, beta):
        """The four losses of the errors ``e`` (an array), {name: array}."""
        e = np.asarray(e, dtype=float)
        zero = np.zeros_like(e)
        return {"L2 (MSE)": losses.mse_loss(e, zero, reduction="none"),
                "L1": losses.l1_loss(e, zero, reduction="none"),
                "Smooth L1 (β)": losses.smooth_l1_loss(e, zero, reduction="none", beta=beta),
                "Huber (δ = β)": losses.huber_loss(e, zero, reduction="none", delta=beta)}

    @classmethod
    def readouts(cls, state):
        """The four losses at the error ``state["error"]`` with β = δ = ``state["beta"]``.

        Examples
        --------
        >>> RegressionLossExplorer.readouts({"beta": 1.0, "error": 0.5})["Smooth L1 (β)"]   # 0.5 · 0.25 / 1
        0.125
        """
        at = cls.curves(np.array([float(state["error"])]), float(state["beta"]))
        return {name: float(value[0]) for name, value in at.items()}

    @classmethod
    def static_figure(cls, state):
        """The four loss curves on e ∈ [-3, 3], with dots at the state's error."""
        e = np.linspace(-3, 3, 401)
        beta = float(state["beta"])
        fig = plots.blank_figure((7.0, 3.2))
        ax = plots.style_axes(fig.add_subplot())
        v = cls.readouts(state)
        for (name, y), color, style in zip(cls.curves(e, beta).items(), plots.LINE_COLORS,
                                           ("-", (0, (6, 3)), (0, (2, 3)), (0, (8, 3, 2, 3)))):
            ax.plot(e, y, color=color, linestyle=style, linewidth=2, label=name)
            ax.plot([state["error"]], [v[name]], "o", color=color, markeredgecolor="black", markersize=7)
        ax.set_xlim(-3, 3)
        ax.set_ylim(0, 4)
        ax.set_xlabel(_("error e = prediction − target [units of y]"))
        ax.set_ylabel(_("loss for one sample\n[units of y; (units of y)² for L2, Huber]"))
        ax.legend(frameon=False, loc="upper center", fontsize=8)
        return fig

    def summary(self):
        lines = [f"RegressionLossExplorer(β = δ = {format_value(self.beta, 1)}, e = {format_value(self.error, 1)} "
                 f"[{_('units of y')}])"]
        units = dict(_LOSSES)
        lines += [f"  {k} = {format_value(v)} {_(units[k])}" for k, v in self.values.items()]
        return "\n".join(lines)

