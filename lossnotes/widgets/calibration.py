"""Explorers of notebook ``12_scoring_rules_and_calibration``: is an honest report the best one?

:class:`ScoringRuleExplorer` runs in the browser (``lossnotes/widgets/js/scoring_rule.js``, see
:mod:`lossnotes.widgets._browser`): a forecaster believes that an event has probability p and
reports q; the explorer shows what each scoring rule expects to pay for every report.
"""

from __future__ import annotations

import math  # noqa: F401  (the doctests use it)

import numpy as np
import traitlets

from .. import plots
from ..calibration import expected_score
from ..i18n import N_, _
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["ScoringRuleExplorer"]

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
