"""Explorers for self-information and entropy.

- :class:`SelfInformationExplorer` -- a slider for p and the surprise
  I(p) = -log p read off three curves at once: bits, nats and hartleys.
- :class:`AdditivityExplorer` -- two independent (or chained) events: the
  information of both happening is the sum of their informations; buttons
  swap in other candidates (1 - p, 1/p) that fail the test.
- :func:`binary_entropy_explorer` -- the coin's entropy curve H(p) with a
  slider for p (a :class:`~lossnotes.widgets.CurveExplorer`).
- :class:`EntropyExplorer` -- a distribution editor over 2 or more outcomes,
  with the per-outcome surprise -log2 p(x), each outcome's contribution
  p(x) * (-log2 p(x)), and their sum H(p) against the maximum log2 n.

Every explorer draws its figure once and updates it in place (see
:mod:`lossnotes.widgets._base`).

Introduced in notebooks ``01_self_information`` (self-information, additivity)
and ``02_entropy`` (binary entropy, the distribution editor).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import information as info
from .. import plots
from .._validation import check_scalar
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, slider
from .editor import ProbabilityEditor
from .explorers import CurveExplorer

__all__ = [
    "SelfInformationExplorer",
    "AdditivityExplorer",
    "binary_entropy_explorer",
    "EntropyExplorer",
]

_UNITS = ("bits", "nats", "hartleys")
_FORMULAS = {"bits": "−log₂ p", "nats": "−ln p", "hartleys": "−log₁₀ p"}


def _check_probability(value, name, *, low=0.0):
    return check_scalar(value, name, low=low, high=1.0)


class SelfInformationExplorer(Explorer):
    r"""Self-information I(p) = -log p in bits, nats and hartleys, with a slider for p.

    Introduced in notebook ``01_self_information``.

    The three curves are fixed; the slider moves one marker along each and
    the readouts give I(p) in the three units,

    .. math:: I_b(p) = -\log_b p, \qquad I_{\text{nats}} = \ln 2 \cdot I_{\text{bits}},
              \qquad I_{\text{hartleys}} = \log_{10} 2 \cdot I_{\text{bits}}.

    At p = 1 all three are 0; at p = 0 they are infinite (shown as ``∞``;
    the markers leave the plot).

    Parameters
    ----------
    p : float, default 0.25
        Starting probability, in [0, 1].
    ymax : float, default 8
        Top of the information axis (in whichever unit; all three share it).
    caption, title : str, optional
        Override the default caption; add a title above the controls.

    Attributes
    ----------
    p : ipywidgets.FloatSlider
        The slider for the probability.
    values : dict
        ``{"I(p) in bits": ..., "I(p) in nats": ..., "I(p) in hartleys": ...}``.

    Examples
    --------
    >>> ex = SelfInformationExplorer(p=0.125)
    >>> ex.readouts["I(p) in bits"], ex.readouts["I(p) in nats"]
    ('3.0000 bits', '2.0794 nats')
    >>> ex.p.value = 0.0; ex.readouts["I(p) in hartleys"]
    '∞ hartleys'
    """

    figsize = (7.5, 3.4)
    caption = N_("The same surprise in three units: the curves differ only by a constant factor.")

    def __init__(self, p=0.25, *, ymax=8.0, caption=None, title=None):
        p = _check_probability(p, "p")
        self.ymax = check_scalar(ymax, "ymax", low=0.0, low_inclusive=False)
        self.p = slider("p", p, 0.0, 1.0, 0.005, unit=_("probability"), readout_format=".3f")
        super().__init__([self.p], caption=caption, title=title)

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        x = np.linspace(0.0, 1.0, 1001)[1:]  # p = 0 would be +inf
        self.markers = []
        for i, unit in enumerate(_UNITS):
            color = plots.PALETTE[i]
            ax.plot(x, info.self_information(x, base=unit), color=color, linewidth=2,
                    label=f"I(p) = {_FORMULAS[unit]}  [{unit_label(unit)}]")
            (m,) = ax.plot([0.5], [1.0], "o", color=color, markersize=8, markeredgecolor="white")
            self.markers.append(m)
        self.vline = ax.axvline(0.5, color=plots.COLORS["grey"], linestyle=":", linewidth=1)
        # One text for all the numbers: each text costs a few ms per frame to render.
        self.value_text = ax.text(0.97, 0.62, "", fontsize=10, ha="right", va="top", transform=ax.transAxes,
                                  linespacing=1.5)
        self.inf_text = ax.text(0.04, 0.96 * self.ymax, _("p = 0: an impossible event, I = ∞ in every unit"),
                                color=plots.COLORS["accent"], ha="left", va="top", fontsize=10)
        self.dynamic(*self.markers, self.vline, self.value_text, self.inf_text)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, self.ymax)
        ax.set_xlabel(_("probability p of the outcome"))
        ax.set_ylabel(_("information I(p)  [{units}]").format(units=" / ".join(unit_label(u) for u in _UNITS)))
        ax.legend(frameon=False, loc="upper right")
        self.ax = ax

    def _update(self):
        p = float(self.p.value)
        values = {f"I(p) in {u}": float(info.self_information(p, base=u)) for u in _UNITS}
        self.values = values
        self.vline.set_xdata([p, p])
        for m, v in zip(self.markers, values.values()):
            m.set_data([p], [v])
        self.value_text.set_text(
            _("at p = {p}:").format(p=f"{p:.3f}") + "\n"
            + "\n".join(f"{format_value(v, 3)} {unit_label(u)}" for u, v in zip(_UNITS, values.values()))
        )
        self.inf_text.set_visible(p == 0)
        return {_("I(p) in {unit}").format(unit=unit_label(u)): f"{format_value(values[f'I(p) in {u}'])} {unit_label(u)}"
                for u in _UNITS}


# Candidate functions f for the additivity test: key -> (button label, function, unit or None).
# Only the logarithms are additive; 1 - p and 1/p are there so that a student can watch the test fail.
_CANDIDATES = {
    "-log2 p": ("−log₂ p", lambda t: -np.log2(t), "bits"),
    "-ln p": ("−ln p", lambda t: -np.log(t), "nats"),
    "1 - p": ("1 − p", lambda t: 1.0 - t, None),
    "1 / p": ("1 / p", lambda t: 1.0 / t, None),
}
# Right end of the information axis per candidate, in its own unit: room for the stacked bar with both
# sliders at 0.01 (2 log 100) for the logarithms; 1/p is clipped (its bars are labelled with their values).
_XMAX = {"-log2 p": 2 * math.log2(100) + 2.5, "-ln p": 2 * math.log(100) + 2.0, "1 - p": 2.6, "1 / p": 20.0}


class AdditivityExplorer(Explorer):
    r"""Two chained events: is the information of both the sum of their informations?

    Introduced in notebook ``01_self_information`` (the World Cup example).

    The joint probability is the product, P(both) = p1 * p2.  With the
    logarithm, f(p) = -log p,

    .. math:: f(p_1 p_2) = -\log_2 (p_1 p_2) = -\log_2 p_1 - \log_2 p_2 = f(p_1) + f(p_2).

    The top bar stacks f(p1) and f(p2); the bottom bar is f(p1 * p2)
    computed directly.  A row of buttons swaps in another candidate f:
    ``"-log2 p"`` (bits, the default), ``"-ln p"`` (nats: additive too, the
    base is only the unit), ``"1 - p"`` and ``"1 / p"`` (both decreasing, as
    information should be, but not additive: the two bars then end at
    different places, and the readout ``check`` says by how much).  A single
    pair can add up by coincidence (1/p at p1 + p2 = 1; 1 - p when either is
    1): additivity asks for every pair, and only the logarithms pass them all.

    The second event may be conditional on the first: for the World Cup, p2
    is P(wins final | final), the probability of winning the final *given*
    that the team reached it, so p1 * p2 = P(champion) and the second bar is
    the conditional information I(wins final | final).  The default names
    say so.

    Parameters
    ----------
    p1, p2 : float
        Starting probabilities, in (0, 1].  The sliders run from 0.01 to 1.
    names : (str, str, str), optional
        Names of the first event, the second event (given the first, when the
        two are chained) and the joint event; they label the sliders
        ``P(name)`` and the bars and readouts ``I(name)``.  Default:
        "final", "wins final | final", "champion", in the current language.
    f : {"-log2 p", "-ln p", "1 - p", "1 / p"}, default "-log2 p"
        The starting candidate for f.
    caption, title : str, optional

    Attributes
    ----------
    p1, p2 : ipywidgets.FloatSlider
        The two probabilities.
    f : ipywidgets.ToggleButtons
        The candidate function; set ``ex.f.value = "1 / p"`` from Python.
    values : dict
        ``P(joint)``, the two values of f and their sum, f of the joint event
        (named ``I(...)`` for the logarithms, which *are* the information, and
        ``f(...)`` for the other candidates), and ``"gap"`` = f(p1 p2) - [f(p1) + f(p2)].

    Examples
    --------
    >>> ex = AdditivityExplorer(0.25, 0.5)
    >>> ex.p2.description
    'P(wins final | final) [probability]'
    >>> ex.readouts["I(final) + I(wins final | final)"], ex.readouts["I(champion)"]
    ('3.0000 bits', '3.0000 bits')
    >>> ex.p2.value = 0.25; ex.readouts["I(champion)"]
    '4.0000 bits'
    >>> ex.f.value = "1 / p"; ex.readouts["f(final) + f(wins final | final)"], ex.readouts["f(champion)"]
    ('8.0000', '16.0000')
    >>> ex.readouts["check"]
    'f(champion) − [f(final) + f(wins final | final)] = 8.0000: does not add up'
    """

    figsize = (8.0, 3.0)
    caption = N_("Stacked values of the two steps against the value of the joint event: only the logarithm adds.")

    def __init__(self, p1=0.25, p2=0.5, *, names=None, f="-log2 p",
                 caption=None, title=None):
        p1 = _check_probability(p1, "p1", low=0.01)
        p2 = _check_probability(p2, "p2", low=0.01)
        if names is None:  # the default names, in the current language
            names = (_("final"), _("wins final | final"), _("champion"))
        if len(names) != 3:
            raise ValueError(_("names must hold 3 names (event 1, event 2, joint event), got {n}").format(n=len(names)))
        if f not in _CANDIDATES:
            raise ValueError(_("f must be one of {allowed}, got {value}").format(allowed=list(_CANDIDATES), value=repr(f)))
        self.names = tuple(str(n) for n in names)
        unit = _("probability")
        self.p1 = slider(f"P({self.names[0]})", p1, 0.01, 1.0, 0.01, unit=unit)
        self.p2 = slider(f"P({self.names[1]})", p2, 0.01, 1.0, 0.01, unit=unit)
        self.f = widgets.ToggleButtons(
            options=[(label, key) for key, (label, _fn, _unit) in _CANDIDATES.items()],
            value=f,
            description=_("f(p)"),
            tooltips=[_("information in bits"), _("information in nats"),
                      _("decreasing, but not additive"), _("decreasing, but not additive")],
        )
        self._shown_f = None
        super().__init__([self.p1, self.p2, self.f], caption=caption,
                         title=title)

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        joint = self.names[2]
        c1, c2, c3 = plots.PALETTE[0], plots.PALETTE[1], plots.PALETTE[2]
        self.seg1 = ax.barh([1], [1.0], 0.55, color=c1)
        self.seg2 = ax.barh([1], [1.0], 0.55, left=[1.0], color=c2)
        self.joint_bar = ax.barh([0], [2.0], 0.55, color=c3)
        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85)
        kw = dict(va="center", fontsize=9, bbox=box)
        self.t_sum = ax.text(0, 1, "", ha="left", **kw)
        self.t_joint = ax.text(0, 0, "", ha="left", **kw)
        self.t_check = ax.text(0.99, 0.44, "", ha="right", va="center", fontsize=10, fontweight="bold",
                               transform=ax.transAxes, bbox=box)
        # Where the stacked bar ends, carried down to the joint bar: the two meet it only if f adds.
        self.sum_line = ax.axvline(0.0, color=plots.COLORS["grey"], linestyle=":", linewidth=1.2)
        self.dynamic(self.seg1, self.seg2, self.joint_bar, self.sum_line, self.t_sum, self.t_joint, self.t_check)
        ax.set_ylim(-0.6, 1.9)
        # The stacked bar's segments are named in the legend: I(a) and I(b), where b may read "b | a".
        ax.set_yticks([0, 1], [_("{joint}\n(computed directly)").format(joint=joint),
                               _("step by step\n(stacked)")])
        self.ax = ax

    def _set_candidate(self, key):
        """Static parts that depend on f: axis range, axis label, legend (one full redraw)."""
        label, _fn, unit = _CANDIDATES[key]
        a, b, joint = self.names
        sym = "I" if unit else "f"
        self.xmax = _XMAX[key]
        self.ax.set_xlim(0, self.xmax)
        if unit:
            self.ax.set_xlabel(_("information f(p) = {f}  [{unit}]").format(f=label, unit=_(unit)))
        else:
            self.ax.set_xlabel(_("candidate f(p) = {f}  (no unit: not an information)").format(f=label))
        self.seg1.set_label(f"{sym}({a})")
        self.seg2.set_label(f"{sym}({b})")
        self.joint_bar.set_label(f"{sym}({joint}) = {label.replace('p', f'P({joint})')}")
        self.ax.legend(handles=[self.seg1, self.seg2, self.joint_bar], frameon=False, loc="upper right",
                       ncols=3, fontsize=8)
        self._shown_f = key
        self.invalidate()

    def _update(self):
        key = self.f.value
        if key != self._shown_f:
            self._set_candidate(key)
        label, fn, unit = _CANDIDATES[key]
        p1, p2 = float(self.p1.value), float(self.p2.value)
        pj = p1 * p2
        f1, f2, fj = (float(fn(t)) for t in (p1, p2, pj))
        f1 += 0.0  # -log2(1) is -0.0
        f2 += 0.0
        fj += 0.0
        gap = fj - (f1 + f2)
        additive = abs(gap) <= 1e-9 * max(1.0, abs(fj))
        if additive:
            gap = 0.0
        a, b, joint = self.names
        xmax = self.xmax
        s1, s2, sj = self.seg1.patches[0], self.seg2.patches[0], self.joint_bar.patches[0]
        s1.set_width(f1)
        s2.set_x(f1)
        s2.set_width(f2)
        sj.set_width(fj)
        self.sum_line.set_xdata([f1 + f2, f1 + f2])
        u = f" {unit_label(unit)}" if unit else ""
        pad = 0.01 * xmax
        self.t_sum.set_position((min(f1 + f2, 0.62 * xmax) + pad, 1))
        self.t_sum.set_text(f"{f1:.2f} + {f2:.2f} = {f1 + f2:.2f}{u}")
        self.t_joint.set_position((min(fj, 0.62 * xmax) + pad, 0))
        self.t_joint.set_text(_("{value}{unit}  (P = {p:.4f})").format(value=f"{fj:.2f}", unit=u, p=pj))
        if additive:
            self.t_check.set_text(_("adds up ✓"))
            self.t_check.set_color(plots.PALETTE[2])
        else:
            self.t_check.set_text(_("does not add up ✗"))
            self.t_check.set_color(plots.COLORS["accent"])
        sym = "I" if unit else "f"
        self.values = {
            f"P({joint})": pj,
            f"{sym}({a})": f1,
            f"{sym}({b})": f2,
            f"{sym}({a}) + {sym}({b})": f1 + f2,
            f"{sym}({joint})": fj,
            "gap": gap,
        }
        readouts = {k: format_value(v) + ("" if k.startswith("P(") else u) for k, v in self.values.items()
                    if k != "gap"}
        verdict = _("adds up") if additive else _("does not add up")
        readouts[_("check")] = f"{sym}({joint}) − [{sym}({a}) + {sym}({b})] = {format_value(gap)}{u}: {verdict}"
        return readouts


def binary_entropy_explorer(p=0.3, *, caption=None, title=None):
    r"""The entropy of a coin, H(p) = -p log2 p - (1-p) log2(1-p), with a slider for p.

    Introduced in notebook ``02_entropy``.

    A :class:`~lossnotes.widgets.CurveExplorer` over p in [0, 1]: the slider
    runs over the closed interval, and p = 0 and p = 1 give H = 0 (not NaN),
    because 0 log 0 = 0.  Readouts: H(p) in bits and in nats, and the
    surprise of each face, -log2 p and -log2(1-p) (``∞`` for a face that
    never comes up).

    Parameters
    ----------
    p : float, default 0.3
        Starting probability of heads, in [0, 1].
    caption, title : str, optional

    Returns
    -------
    CurveExplorer
        Its slider is ``ex.params["p"]``; ``ex.values`` holds the numbers
        ``"H(p) [bits]"``, ``"H(p) [nats]"``, ``"I(heads) [bits]"`` and
        ``"I(tails) [bits]"`` (the unit is in the name), ``ex.readouts`` the
        same formatted.

    Examples
    --------
    >>> ex = binary_entropy_explorer(0.5)
    >>> ex.readouts["H(p) [bits]"]
    '1.0000'
    >>> ex.params["p"].value = 0.0; ex.values["H(p) [bits]"], ex.readouts["I(heads) [bits]"]
    (0.0, '∞')
    """
    p = _check_probability(p, "p")
    x = np.linspace(0.0, 1.0, 401)
    curve = {"H(p) = −p log₂ p − (1−p) log₂(1−p)": info.binary_entropy(x)}
    bits, nats = unit_label("bits"), unit_label("nats")
    heads, tails = _("heads"), _("tails")

    def readouts(p):
        return {
            f"H(p) [{bits}]": float(info.binary_entropy(p)),
            f"H(p) [{nats}]": float(info.binary_entropy(p, base="nats")),
            f"I({heads}) [{bits}]": float(info.self_information(p)),
            f"I({tails}) [{bits}]": float(info.self_information(1.0 - p)),
        }

    return CurveExplorer(
        x,
        curves=lambda x, p: curve,
        params={"p": slider(f"p = P({heads})", p, 0.0, 1.0, 0.01, unit=_("probability"), readout_format=".3f")},
        markers=lambda p: {_("current coin"): (p, float(info.binary_entropy(p)))},
        readouts=readouts,
        xlabel=_("probability of heads p"),
        ylabel=_("entropy H(p)  [{unit}]").format(unit=bits),
        xlim=(0.0, 1.0),
        ylim=(0.0, 1.1),
        caption=caption or _("A fair coin (p = 0.5) is hardest to predict: 1 bit. A two-headed coin: 0 bits."),
        title=title,
    )


class EntropyExplorer(Explorer):
    r"""Edit a distribution; see each outcome's surprise and the entropy, their average.

    Introduced in notebook ``02_entropy``.

    Left: the probabilities p(x) (edit them with the sliders or type an exact
    vector).  Right: the surprise of each outcome, I(x) = -log2 p(x) (light
    bars; a full-height bar marked ``∞`` for an outcome of probability 0), its contribution
    p(x) I(x) to the entropy (dark bars), the entropy

    .. math:: H(p) = \sum_x p(x) I(x) = -\sum_x p(x) \log_2 p(x)

    as a dashed line (the probability-weighted average surprise), and the
    maximum log2 n (dotted), reached only by the uniform distribution.

    Parameters
    ----------
    p : sequence of float
        Starting distribution over n >= 2 outcomes (sums to 1).
    labels : sequence of str, optional
        Outcome names.
    ymax : float, optional
        Top of the surprise axis in bits (default: 8, or log2 n + 2 if larger).
        Larger surprises are drawn clipped, with their value written on them.
    caption, title : str, optional

    Attributes
    ----------
    editor : ProbabilityEditor
        The sliders and text box; ``editor.set_value([...])`` sets a vector.
    values : dict
        ``{"H(p)": bits, "H(p) in nats": nats, "log₂ n": bits}``.
    surprise, contribution : numpy.ndarray
        -log2 p(x) (``inf`` where p(x) = 0) and p(x) * I(x) (0 there), in bits.

    Examples
    --------
    >>> ex = EntropyExplorer([0.5, 0.25, 0.125, 0.125])
    >>> ex.readouts["H(p)"], ex.surprise.tolist()
    ('1.7500 bits', [1.0, 2.0, 3.0, 3.0])
    >>> ex.editor.set_value([1, 0, 0, 0]); ex.readouts["H(p)"]
    '0.0000 bits'
    """

    figsize = (8.6, 3.4)
    caption = N_("H(p) is the average of the surprises, weighted by how often each outcome happens.")

    def __init__(self, p, labels=None, *, ymax=None, caption=None, title=None):
        self.editor = ProbabilityEditor(p, labels, symbol="p")
        n = self.editor.value.size
        self.log_n = math.log2(n)
        if ymax is None:
            ymax = max(8.0, math.ceil(self.log_n) + 2.0)
        self.ymax = check_scalar(ymax, "ymax", low=0.0, low_inclusive=False)
        super().__init__([self.editor.widget], caption=caption, title=title)
        self.editor.observe(lambda _: self.refresh())

    def _observed_controls(self):
        return []  # the editor tells us about changes itself

    def _build(self):
        n = self.editor.value.size
        x = np.arange(n)
        # Tick labels: "x₁" for the editor's default subscript names, else the names given.
        labels = [f"x{lab}" if lab and lab[0] in "₀₁₂₃₄₅₆₇₈₉" else lab for lab in self.editor.labels]
        axp, axi = self.fig.subplots(1, 2, width_ratios=[1, 1.25])
        plots.style_axes(axp)
        plots.style_axes(axi)
        small = dict(ha="center", va="bottom", fontsize=10)

        self.prob_bars = axp.bar(x, self.editor.value, 0.7, color=plots.COLORS["p"])
        axp.set_xticks(x, labels)
        axp.set_ylim(0, 1.08)
        axp.set_xlabel(_("outcome x"))
        axp.set_ylabel(_("probability p(x)"))
        axp.set_title(_("distribution p (edit with the sliders)"), fontsize=10)

        c = plots.PALETTE[3]
        self.surprise_bars = axi.bar(x, np.ones(n), 0.7, color=c, alpha=0.35,
                                     label=_("surprise I(x) = −log₂ p(x)"))
        self.contrib_bars = axi.bar(x, np.ones(n), 0.36, color=c, label=_("contribution p(x)·I(x)"))
        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8)
        # Values are written only on bars that leave the plot (clipped, or ∞): texts cost a few ms each.
        self.surprise_texts = [axi.text(i, 0.8 * self.ymax, "", bbox=box, **small) for i in x]
        self.h_line = axi.axhline(1.0, color="black", linestyle="--", linewidth=1.5,
                                  label=_("H(p) = Σ contributions"))
        self.h_text = axi.text(n - 0.5, 1.0, "", ha="right", va="bottom", fontsize=9, fontweight="bold",
                               bbox=box)
        axi.axhline(self.log_n, color=plots.COLORS["grey"], linestyle=":", linewidth=1.5,
                    label=_("log₂ n = {value} {unit} (maximum)").format(value=f"{self.log_n:.2f}", unit=unit_label("bits")))
        axi.set_xticks(x, labels)
        axi.set_xlim(-0.5, n - 0.5)
        axi.set_ylim(0, self.ymax)
        axi.set_xlabel(_("outcome x"))
        axi.set_ylabel(_("information [{unit}]").format(unit=unit_label("bits")))
        axi.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)
        self.dynamic(self.prob_bars, self.surprise_bars, self.contrib_bars,
                     *self.surprise_texts, self.h_line, self.h_text)
        self.ax_p, self.ax_info = axp, axi

    def _update(self):
        p = self.editor.value
        surprise = info.self_information(p)  # +inf where p = 0, without a warning
        contribution = np.zeros_like(p)
        np.multiply(p, surprise, out=contribution, where=p > 0)  # 0 * inf -> 0 (0 log 0 = 0)
        h = float(info.entropy(p))  # = contribution.sum(), up to rounding
        self.surprise, self.contribution = surprise, contribution
        ymax = self.ymax
        for bar, pi in zip(self.prob_bars, p):
            bar.set_height(pi)
        for bar, cbar, t, s, ci in zip(self.surprise_bars, self.contrib_bars, self.surprise_texts,
                                       surprise, contribution):
            clipped = s > ymax
            bar.set_height(min(s, ymax))
            cbar.set_height(min(ci, ymax))
            t.set_visible(clipped)
            if clipped:
                t.set_text(format_value(s, 2) if np.isfinite(s) else "∞")
        self.h_line.set_ydata([h, h])
        self.h_text.set_position((self.editor.value.size - 0.5, h + 0.01 * ymax))
        self.h_text.set_text(f"H = {h:.3f} {unit_label('bits')}")
        h_nats = float(info.convert_units(h, "bits", "nats"))
        self.values = {"H(p)": h, "H(p) in nats": h_nats, "log₂ n": self.log_n}
        bits, nats = unit_label("bits"), unit_label("nats")
        return {
            "H(p)": f"{format_value(h)} {bits}",
            _("H(p) in {unit}").format(unit=nats): f"{format_value(h_nats)} {nats}",
            "log₂ n": f"{format_value(self.log_n)} {bits}",
            "I(x)": "(" + ", ".join(format_value(s, 2) for s in surprise) + f") {bits}",
        }

    def summary(self):
        vec = "(" + ", ".join(f"{x:.4g}" for x in self.editor.value) + ")"
        lines = [f"EntropyExplorer(p = {vec})"]
        lines += [f"  {k} = {v}" for k, v in self.readouts.items()]
        return "\n".join(lines)
