"""Explorers of notebook ``12_scoring_rules_and_calibration``: honest reports and honest models.

Both run in the browser (see :mod:`lossnotes.widgets._browser`):

* :class:`ScoringRuleExplorer` (``js/scoring_rule.js``): a forecaster believes that an event has
  probability p and reports q; the explorer shows what each scoring rule expects to pay.
* :class:`TemperatureScalingExplorer` (``js/temperature_scaling.js``): a classifier's logits divided
  by a temperature T, with the reliability diagram, the NLL, the ECE and the MCE as T moves.
"""

from __future__ import annotations

import math  # noqa: F401  (the doctests use it)

import numpy as np
import traitlets

from .. import losses, plots
from ..calibration import expected_calibration_error, expected_score, reliability_curve
from ..i18n import N_, _
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["ScoringRuleExplorer", "TemperatureScalingExplorer"]

#: The rules the explorer shows, with their readout names (two outcomes: the hinge equals the
#: absolute score there, so it is not shown twice).
_RULES = (("log", "E[S_log]"), ("brier", "E[S_Brier]"), ("spherical", "E[S_sph]"), ("absolute", "E[S_abs]"))
_LABELS = {"log": N_("log"), "brier": N_("Brier"), "spherical": N_("spherical"), "absolute": N_("absolute")}


def _chance(value, name):
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise traitlets.TraitError(_("{name} must be a probability between 0 and 1, got {value}").format(
            name=name, value=repr(value))) from None
    if not 0.0 <= x <= 1.0:
        raise traitlets.TraitError(_("{name} must be a probability between 0 and 1, got {value}").format(
            name=name, value=repr(value)))
    return x


class ScoringRuleExplorer(BrowserExplorer):
    """A belief p and a report q of one event: what each scoring rule expects to pay.

    A forecaster believes that an event (outcome 1 of two) has probability ``p`` and reports
    ``q``.  When the event happens with probability p, the expected score of the report is
    :math:`\\mathbb{E}_{y\\sim p}[S(q, y)]` (:func:`lossnotes.calibration.expected_score`, higher is
    better).  The chart draws, for every report q, the gain over the honest report,
    :math:`\\mathbb{E}[S(q)] - \\mathbb{E}[S(p)]`: the log, Brier and spherical scores are proper
    (never above 0, and 0 only at q = p); the absolute score is not (it gains by reporting 0 or 1;
    with two outcomes the hinge on probabilities is the same rule).

    Runs in the browser: sliders for p and q, the curves with markers at q, and the expected
    scores as readouts.  Introduced in notebook ``12_scoring_rules_and_calibration``.

    Parameters
    ----------
    p : float in [0, 1]
        The forecaster's belief that the event happens.
    q : float in [0, 1]
        The reported probability.
    caption, title : str, optional

    Attributes
    ----------
    p, q : float
        Synced with the browser.
    values : dict
        ``readouts(state)``: the expected score of the report q under each rule (log in nats).

    Examples
    --------
    >>> ex = ScoringRuleExplorer(p=0.7, q=0.7)
    >>> round(ex.values["E[S_Brier]"], 4)
    -0.42
    >>> ex.q = 1.0; round(ex.values["E[S_abs]"], 4)     # the absolute score prefers q = 1
    -0.6
    """

    _module = "scoring_rule.js"
    p = traitlets.Float(0.7).tag(sync=True)
    q = traitlets.Float(0.4).tag(sync=True)
    state_keys = ("p", "q")
    data_keys = ()
    default_caption = N_("Only the proper rules (log, Brier, spherical) peak at the honest report q = p; "
                         "the absolute score pays more for reporting 0 or 1.")
    QUANTITIES = tuple(name for _rule, name in _RULES)

    def __init__(self, p=0.7, q=0.4, *, caption=None, title=None):
        super().__init__(p=_chance(p, "p"), q=_chance(q, "q"), caption=caption, title=title)

    @traitlets.validate("p", "q")
    def _valid_chance(self, proposal):
        return _chance(proposal["value"], proposal["trait"].name)

    @classmethod
    def readouts(cls, state):
        """The expected score of reporting q when the event has probability p, per rule (floats).

        Examples
        --------
        >>> ScoringRuleExplorer.readouts({"p": 0.5, "q": 0.5})["E[S_log]"] == -math.log(2)
        True
        """
        p, q = float(state["p"]), float(state["q"])
        belief, report = np.array([1.0 - p, p]), np.array([1.0 - q, q])
        return {name: float(expected_score(belief, report, rule)) for rule, name in _RULES}

    @staticmethod
    def gain_curves(p, grid):
        """{rule: E[S(q)] - E[S(p)] for q in grid}: the gain of each report over the honest one."""
        belief = np.array([1.0 - p, p])
        reports = np.stack([1.0 - grid, grid], axis=-1)
        with np.errstate(invalid="ignore"):
            return {rule: expected_score(belief, reports, rule) - expected_score(belief, belief, rule)
                    for rule, _name in _RULES}

    @classmethod
    def static_figure(cls, state):
        """The gain curves of the four rules against q, with q marked and p dotted."""
        p, q = float(state["p"]), float(state["q"])
        grid = np.linspace(0.0, 1.0, 401)
        curves = cls.gain_curves(p, grid)
        at_q = cls.gain_curves(p, np.array([q]))
        fig, ax = plots.new_figure(figsize=(7.0, 3.4))
        dashes = ("-", "--", ":", "-.")
        for (rule, name), color, ls in zip(_RULES, plots.LINE_COLORS, dashes):
            ax.plot(grid, curves[rule], color=color, linestyle=ls, linewidth=2, label=_(_LABELS[rule]))
            y = at_q[rule][0]
            if np.isfinite(y):
                ax.plot([q], [max(y, -0.6)], "o", color=color, markeredgecolor="black", markersize=7)
        ax.axvline(p, color=plots.COLORS["grey"], linestyle=":", linewidth=1.2)
        ax.axhline(0.0, color=plots.COLORS["grey"], linewidth=0.8)
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.6, 0.4)
        ax.set_xlabel(_("report q (dotted: the belief p = {p})").format(p=format_value(p, 2)))
        ax.set_ylabel(_("E[S(q)] − E[S(p)]"))
        ax.legend(frameon=False, loc="upper left", ncol=2)
        return fig

    def summary(self):
        lines = [f"ScoringRuleExplorer(p = {format_value(self.p, 2)}, q = {format_value(self.q, 2)})"]
        for (rule, name), val in zip(_RULES, self.values.values()):
            unit = f" {_('nats')}" if rule == "log" else ""
            lines.append(f"  {name} = {format_value(val)}{unit}")
        return "\n".join(lines)


#: The temperatures of the slider (and of the NLL and ECE curves): 0.2 to 8 in steps of 0.05.
T_MIN, T_MAX, T_STEP = 0.2, 8.0, 0.05
#: The bin counts of the slider.
BINS_MIN, BINS_MAX = 1, 30


class TemperatureScalingExplorer(BrowserExplorer):
    """A classifier's logits divided by a temperature T: its reliability diagram, NLL, ECE and MCE.

    Temperature scaling (Guo et al. 2017, §4.2) divides every logit by one T > 0; the predicted
    class, and so the accuracy, never changes, only the confidence.  The explorer shows, for the
    given logits and labels (a validation split, say), the top-label reliability diagram at the
    slider's T and number of bins, and the NLL and the ECE against T: the NLL is lowest at the T
    that :func:`lossnotes.calibration.fit_temperature` finds.

    Runs in the browser (``lossnotes/widgets/js/temperature_scaling.js``).  Introduced in notebook
    ``12_scoring_rules_and_calibration``.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        Finite logits, C >= 2; kept in the saved notebook (a few hundred samples is plenty).
    labels : array_like of int, shape (N,)
        Classes in ``[0, C)``.
    T : float in [0.2, 8], default 1.0
        The temperature.
    n_bins : int in [1, 30], default 15
        Equal-width bins of the reliability diagram and the ECE.
    caption, title : str, optional

    Attributes
    ----------
    T, n_bins : synced with the browser.
    values : dict
        ``readouts(state)``: accuracy, mean confidence, NLL (nats), ECE and MCE at T.

    Examples
    --------
    >>> ex = TemperatureScalingExplorer([[2.0, 0.0], [0.0, 1.0], [3.0, 0.0]], [0, 1, 1], T=1.0, n_bins=10)
    >>> ex.values["acc"]
    0.6666666666666666
    >>> ex.T = 4.0; ex.values["acc"]                 # the temperature never changes the accuracy
    0.6666666666666666
    """

    _module = "temperature_scaling.js"
    T = traitlets.Float(1.0).tag(sync=True)
    n_bins = traitlets.Int(15).tag(sync=True)
    logits = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    labels = traitlets.List(traitlets.Int()).tag(sync=True)
    # The readouts need the data, so the logits and labels are part of the state (data-state shows them).
    state_keys = ("T", "n_bins", "logits", "labels")
    data_keys = ()
    default_caption = N_("The temperature changes the confidence, never the predicted class: the NLL is lowest "
                         "where the bars meet the diagonal best.")
    QUANTITIES = ("acc", "conf", "NLL", "ECE", "MCE")

    def __init__(self, logits, labels, *, T=1.0, n_bins=15, caption=None, title=None):
        z = np.asarray(logits, dtype=float)
        if z.ndim != 2 or z.shape[1] < 2 or z.shape[0] < 1 or not np.isfinite(z).all():
            raise ValueError(_("logits must be a finite array of shape (N, C) with C >= 2, got shape {shape}").format(
                shape=z.shape))
        y = np.asarray(labels)
        if y.shape != (z.shape[0],) or y.dtype.kind not in "iu" or y.min() < 0 or y.max() >= z.shape[1]:
            raise ValueError(_("labels must hold one class index in [0, {c}) per row of logits, shape ({n},)").format(
                c=z.shape[1], n=z.shape[0]))
        super().__init__(logits=z.tolist(), labels=[int(v) for v in y], T=self._check_T(T),
                         n_bins=self._check_bins(n_bins), caption=caption, title=title)

    @staticmethod
    def _check_T(value):
        try:
            t = float(value)
        except (TypeError, ValueError):
            t = float("nan")
        if not T_MIN <= t <= T_MAX:
            raise traitlets.TraitError(_("T must be a number in [{lo}, {hi}], got {value}").format(
                lo=T_MIN, hi=T_MAX, value=repr(value)))
        return t

    @staticmethod
    def _check_bins(value):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not BINS_MIN <= value <= BINS_MAX:
            raise traitlets.TraitError(_("n_bins must be an integer in [{lo}, {hi}], got {value}").format(
                lo=BINS_MIN, hi=BINS_MAX, value=repr(value)))
        return int(value)

    @traitlets.validate("T")
    def _valid_T(self, proposal):
        return self._check_T(proposal["value"])

    @traitlets.validate("n_bins")
    def _valid_bins(self, proposal):
        return self._check_bins(proposal["value"])

    @classmethod
    def readouts(cls, state):
        """Accuracy, mean top-label confidence, NLL (nats), ECE and MCE of softmax(logits / T).

        Examples
        --------
        >>> v = TemperatureScalingExplorer.readouts({"T": 1.0, "n_bins": 10, "logits": [[0.0, 0.0]], "labels": [0]})
        >>> v["conf"], round(v["NLL"], 4), v["ECE"]
        (0.5, 0.6931, 0.5)
        """
        z = np.asarray(state["logits"], dtype=float)
        y = np.asarray(state["labels"], dtype=int)
        scaled = z / float(state["T"])
        probs = losses.softmax(scaled, axis=1)
        n_bins = int(state["n_bins"])
        return {
            "acc": float(np.mean(np.argmax(z, axis=1) == y)),
            "conf": float(np.mean(np.max(probs, axis=1))),
            "NLL": float(losses.cross_entropy(scaled, y)),
            "ECE": expected_calibration_error(probs, y, n_bins=n_bins),
            "MCE": expected_calibration_error(probs, y, n_bins=n_bins, norm="max"),
        }

    @classmethod
    def curves(cls, state, temperatures):
        """NLL and ECE of the state's logits at each temperature (for the right-hand chart)."""
        z = np.asarray(state["logits"], dtype=float)
        y = np.asarray(state["labels"], dtype=int)
        nll = [float(losses.cross_entropy(z / t, y)) for t in temperatures]
        ece = [expected_calibration_error(losses.softmax(z / t, axis=1), y, n_bins=int(state["n_bins"]))
               for t in temperatures]
        return np.array(nll), np.array(ece)

    @classmethod
    def static_figure(cls, state):
        """The reliability diagram at T, and the NLL and ECE against T with T marked."""
        z = np.asarray(state["logits"], dtype=float)
        y = np.asarray(state["labels"], dtype=int)
        T, n_bins = float(state["T"]), int(state["n_bins"])
        curve = reliability_curve(losses.softmax(z / T, axis=1), y, n_bins=n_bins)
        fig, (ax, axr) = plots.new_figure(figsize=(9.0, 3.4), ncols=2)
        centres, width = (curve.edges[:-1] + curve.edges[1:]) / 2, 1 / n_bins
        c = plots.COLORS
        ax.bar(centres, curve.accuracy, width * 0.9, color=c["p"], label=_("accuracy"))
        ax.bar(centres, curve.confidence - curve.accuracy, width * 0.9, bottom=curve.accuracy, fill=False,
               hatch="//", edgecolor=c["accent"], label=_("gap to confidence"))
        ax.plot([0, 1], [0, 1], color=c["grey"], linestyle="--", linewidth=1)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("confidence"))
        ax.set_ylabel(_("accuracy"))
        ax.legend(frameon=False, loc="upper left")
        grid = np.arange(round((T_MAX - T_MIN) / T_STEP) + 1) * T_STEP + T_MIN
        nll, ece = cls.curves(state, grid)
        axr.plot(grid, nll, color=c["p"], linewidth=2, label=_("NLL [nats]"))
        axr.plot(grid, ece, color=c["accent"], linewidth=2, linestyle="--", label="ECE")
        axr.axvline(T, color=c["grey"], linestyle=":", linewidth=1.2)
        axr.set_xlim(0, T_MAX)
        axr.set_ylim(0, 1.5)
        axr.set_xlabel(_("temperature T (dotted: T = {T})").format(T=format_value(T, 2)))
        axr.legend(frameon=False, loc="upper right")
        return fig

    def summary(self):
        v = self.values
        lines = [f"TemperatureScalingExplorer(T = {format_value(self.T, 2)}, n_bins = {self.n_bins}, "
                 f"{len(self.labels)} samples)"]
        shown = {"acc": _("accuracy"), "conf": _("mean confidence")}
        for key, val in v.items():
            unit = f" {_('nats')}" if key == "NLL" else ""
            lines.append(f"  {shown.get(key, key)} = {format_value(val)}{unit}")
        return "\n".join(lines)
