"""Explorers for self-information and entropy (they run in the browser).

- :class:`SelfInformationExplorer` -- a slider for p and the surprise
  I(p) = -log p read off curves in bits, nats and hartleys at once.
- :class:`AdditivityExplorer` -- two chained events: the information of both
  happening is the sum of their informations; buttons swap in other
  candidates (1 - p, 1/p) that fail the test.
- :class:`BinaryEntropyExplorer` -- the coin's entropy curve H(p) with a
  slider for p.
- :class:`EntropyExplorer` -- a distribution editor over 2 or more outcomes,
  with the per-outcome surprise -log2 p(x), each outcome's contribution
  p(x) * (-log2 p(x)), and their sum H(p) against the maximum log2 n.

Each is a :class:`~lossnotes.widgets._browser.BrowserExplorer`: an ES module
(``lossnotes/widgets/js/self_information.js``, ``additivity.js``,
``binary_entropy.js``, ``entropy.js``) computes and draws in the browser; the
class holds the parameters, the same readouts computed with lossnotes, and a
matplotlib picture of the state for GitHub, nbviewer and the PDF.

Introduced in notebooks ``01_self_information`` (self-information, additivity)
and ``02_entropy`` (binary entropy, the distribution editor).
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from .. import information as info
from .. import plots
from .._validation import check_scalar, unit_name
from ..i18n import N_, _, unit_label
from ._base import format_value, format_vector
from ._browser import BrowserExplorer
from .editor import outcome_labels, probability_vector

__all__ = [
    "SelfInformationExplorer",
    "AdditivityExplorer",
    "BinaryEntropyExplorer",
    "EntropyExplorer",
]

_UNITS = ("bits", "nats", "hartleys")
_FORMULAS = {"bits": "−log₂ p", "nats": "−ln p", "hartleys": "−log₁₀ p"}
_DASHES = ("-", "--", ":")


def _probability_trait(proposal, low=0.0):
    """Validate a synced probability: a ValueError/TypeError naming the traitlet."""
    return check_scalar(proposal["value"], proposal["trait"].name, low=low, high=1.0)


class SelfInformationExplorer(BrowserExplorer):
    r"""Self-information I(p) = -log p in bits, nats and hartleys, with a slider for p.

    Introduced in notebook ``01_self_information``.  Runs in the browser
    (``lossnotes/widgets/js/self_information.js``).

    The curves are fixed; the slider moves one marker along each and the
    readouts give I(p) in each unit,

    .. math:: I_b(p) = -\log_b p, \qquad I_{\text{nats}} = \ln 2 \cdot I_{\text{bits}},
              \qquad I_{\text{hartleys}} = \log_{10} 2 \cdot I_{\text{bits}}.

    At p = 1 all are 0; at p = 0 they are infinite (shown as ``∞``; the
    markers leave the plot).

    Parameters
    ----------
    p : float, default 0.25
        Starting probability, in [0, 1].
    ymax : float, default 8
        Top of the information axis (in whichever unit; all curves share it).
    units : sequence of {'bits', 'nats', 'hartleys'}, default all three
        The curves and readouts shown, e.g. ``("bits", "nats")``.
    caption, title : str, optional
        Override the default caption; add a title above the controls.

    Attributes
    ----------
    p : float
        The probability, synced with the browser (set it from Python, or read
        what the student dialled).
    values : dict
        ``{"I(p) in bits": ..., "I(p) in nats": ..., "I(p) in hartleys": ...}``
        (the units shown).

    Examples
    --------
    >>> ex = SelfInformationExplorer(p=0.125)
    >>> ex.values["I(p) in bits"], round(ex.values["I(p) in nats"], 4)
    (3.0, 2.0794)
    >>> ex.p = 0.0; ex.values["I(p) in hartleys"]
    inf
    """

    _module = "self_information.js"
    p = traitlets.Float(0.25).tag(sync=True)
    units = traitlets.List(traitlets.Unicode(), default_value=list(_UNITS)).tag(sync=True)
    ymax = traitlets.Float(8.0).tag(sync=True)
    state_keys = ("p", "units")
    data_keys = ("ymax",)
    default_caption = N_("The same surprise in three units: the curves differ only by a constant factor.")

    def __init__(self, p=0.25, *, ymax=8.0, units=_UNITS, caption=None, title=None):
        super().__init__(p=p, ymax=ymax, units=list(units), caption=caption, title=title)

    @traitlets.validate("p")
    def _valid_p(self, proposal):
        return _probability_trait(proposal)

    @traitlets.validate("ymax")
    def _valid_ymax(self, proposal):
        return check_scalar(proposal["value"], "ymax", low=0.0, low_inclusive=False)

    @traitlets.validate("units")
    def _valid_units(self, proposal):
        try:
            units = [unit_name(u) for u in proposal["value"]]
        except (TypeError, ValueError):
            units = None
        if not units or any(u not in _UNITS for u in units) or len(set(units)) != len(units):
            raise traitlets.TraitError(_("units must be distinct names among 'bits', 'nats', 'hartleys'; got {units}")
                                       .format(units=repr(proposal["value"])))
        return units

    @classmethod
    def readouts(cls, state):
        """I(p) in each unit of ``state`` ({p, units}), as floats.

        Examples
        --------
        >>> SelfInformationExplorer.readouts({"p": 0.5, "units": ["bits", "nats"]})
        {'I(p) in bits': 1.0, 'I(p) in nats': 0.6931471805599453}
        """
        p = float(state["p"])
        return {f"I(p) in {u}": float(info.self_information(p, base=u)) for u in state.get("units", _UNITS)}

    @classmethod
    def static_figure(cls, state):
        """The curves of the units shown, the markers at p and the values."""
        p, ymax = float(state["p"]), float(state.get("ymax", 8.0))
        units = list(state.get("units", _UNITS))
        values = cls.readouts(state)
        fig = plots.blank_figure((7.5, 3.4))
        ax = plots.style_axes(fig.add_subplot())
        x = np.linspace(0.0, 1.0, 1001)[1:]  # p = 0 would be +inf
        for u in units:
            i = _UNITS.index(u)
            color = plots.PALETTE[i]
            ax.plot(x, info.self_information(x, base=u), color=color, linewidth=2, linestyle=_DASHES[i],
                    label=f"I(p) = {_FORMULAS[u]}  [{unit_label(u)}]")
            if p > 0:
                ax.plot([p], [values[f"I(p) in {u}"]], "o", color=color, markersize=8, markeredgecolor="white")
        ax.axvline(p, color=plots.COLORS["grey"], linestyle=":", linewidth=1)
        ax.text(0.97, 0.62, _("at p = {p}:").format(p=f"{p:.3f}") + "\n"
                + "\n".join(f"{format_value(values[f'I(p) in {u}'], 3)} {unit_label(u)}" for u in units),
                fontsize=10, ha="right", va="top", transform=ax.transAxes, linespacing=1.5)
        if p == 0:
            ax.text(0.04, 0.96 * ymax, _("p = 0: an impossible event, I = ∞ in every unit"),
                    color=plots.COLORS["accent"], ha="left", va="top", fontsize=10)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, ymax)
        ax.set_xlabel(_("probability p of the outcome"))
        ax.set_ylabel(_("information I(p)  [{units}]").format(units=" / ".join(unit_label(u) for u in units)))
        ax.legend(frameon=False, loc="upper right")
        return fig

    def summary(self):
        lines = [f"SelfInformationExplorer(p = {self.p:.4g})"]
        lines += [f"  {_('I(p) in {unit}').format(unit=unit_label(u))} = {format_value(v)} {unit_label(u)}"
                  for u, v in zip(self.units, self.values.values())]
        return "\n".join(lines)


# Candidate functions f for the additivity test: key -> (label, unit or None).
# Only the logarithms are additive; 1 - p and 1/p are there so that a student can watch the test fail.
_CANDIDATES = {
    "-log2 p": ("−log₂ p", "bits"),
    "-ln p": ("−ln p", "nats"),
    "1 - p": ("1 − p", None),
    "1 / p": ("1 / p", None),
}
# Right end of the information axis per candidate, in its own unit: room for the stacked bar with both
# sliders at 0.01 (2 log 100) for the logarithms; 1/p is clipped (its bars are labelled with their values).
_XMAX = {"-log2 p": 2 * math.log2(100) + 2.5, "-ln p": 2 * math.log(100) + 2.0, "1 - p": 2.6, "1 / p": 20.0}
#: The readouts' keys (fixed: the names of the events and I or f are only in the labels shown).
ADDITIVITY_QUANTITIES = ("P(p1·p2)", "f(p1)", "f(p2)", "f(p1) + f(p2)", "f(p1·p2)", "gap")


def _candidate(key, t):
    """f(t) for the candidate ``key`` (the same operations as additivity.js)."""
    if key == "-log2 p":
        return -math.log2(t) + 0.0
    if key == "-ln p":
        return -math.log(t) + 0.0
    if key == "1 - p":
        return 1.0 - t
    return 1.0 / t


class AdditivityExplorer(BrowserExplorer):
    r"""Two chained events: is the information of both the sum of their informations?

    Introduced in notebook ``01_self_information`` (the World Cup example).  Runs in the browser
    (``lossnotes/widgets/js/additivity.js``).

    The joint probability is the product, P(both) = p1 * p2.  With the
    logarithm, f(p) = -log p,

    .. math:: f(p_1 p_2) = -\log_2 (p_1 p_2) = -\log_2 p_1 - \log_2 p_2 = f(p_1) + f(p_2).

    The top bar stacks f(p1) and f(p2); the bottom bar is f(p1 * p2)
    computed directly.  A row of buttons swaps in another candidate f:
    ``"-log2 p"`` (bits, the default), ``"-ln p"`` (nats: additive too, the
    base is only the unit), ``"1 - p"`` and ``"1 / p"`` (both decreasing, as
    information should be, but not additive: the two bars then end at
    different places, and the readout ``gap`` says by how much).  A single
    pair can add up by coincidence (1/p at p1 + p2 = 1; 1 - p when either is
    1): additivity asks for every pair, and only the logarithms pass them all.

    The second event may be conditional on the first: for the World Cup, p2
    is P(wins final | final), so p1 * p2 = P(champion) and the second bar is
    the conditional information I(wins final | final).  The default names say so.

    Parameters
    ----------
    p1, p2 : float
        Starting probabilities, in [0.01, 1] (the sliders' range).
    names : (str, str, str), optional
        Names of the first event, the second event (given the first) and the
        joint event; they label the sliders ``P(name)`` and the bars and
        readouts ``I(name)``.  Default: "final", "wins final | final",
        "champion", in the current language.
    f : {"-log2 p", "-ln p", "1 - p", "1 / p"}, default "-log2 p"
        The starting candidate for f.
    caption, title : str, optional

    Attributes
    ----------
    p1, p2 : float
        The two probabilities, synced with the browser.
    f : str
        The candidate function; set ``ex.f = "1 / p"`` from Python.
    values : dict
        ``readouts(state)``: P(p1·p2), f(p1), f(p2), their sum, f(p1·p2) and
        ``"gap"`` = f(p1 p2) - [f(p1) + f(p2)] (0 when it adds up). The labels
        shown name the events: ``I(final)`` for a logarithm, ``f(final)`` otherwise.

    Examples
    --------
    >>> ex = AdditivityExplorer(0.25, 0.5)
    >>> ex.values["f(p1) + f(p2)"], ex.values["f(p1·p2)"], ex.values["gap"]
    (3.0, 3.0, 0.0)
    >>> ex.f = "1 / p"; ex.values["f(p1) + f(p2)"], ex.values["f(p1·p2)"], ex.values["gap"]
    (6.0, 8.0, 2.0)
    """

    _module = "additivity.js"
    p1 = traitlets.Float(0.25).tag(sync=True)
    p2 = traitlets.Float(0.5).tag(sync=True)
    f = traitlets.Unicode("-log2 p").tag(sync=True)
    names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    state_keys = ("p1", "p2", "f")
    data_keys = ("names",)
    QUANTITIES = ADDITIVITY_QUANTITIES
    default_caption = N_("Stacked values of the two steps against the value of the joint event: only the logarithm adds.")

    def __init__(self, p1=0.25, p2=0.5, *, names=None, f="-log2 p", caption=None, title=None):
        if names is None:  # the default names, in the current language
            names = (_("final"), _("wins final | final"), _("champion"))
        names = [str(n) for n in names]
        if len(names) != 3:
            raise ValueError(_("names must hold 3 names (event 1, event 2, joint event), got {n}").format(n=len(names)))
        super().__init__(p1=p1, p2=p2, f=f, names=names, caption=caption, title=title)

    @traitlets.validate("p1", "p2")
    def _valid_p(self, proposal):
        return _probability_trait(proposal, low=0.01)

    @traitlets.validate("f")
    def _valid_f(self, proposal):
        if proposal["value"] not in _CANDIDATES:
            raise ValueError(_("f must be one of {allowed}, got {value}").format(
                allowed=list(_CANDIDATES), value=repr(proposal["value"])))
        return proposal["value"]

    @classmethod
    def readouts(cls, state):
        """P(p1·p2), f(p1), f(p2), f(p1) + f(p2), f(p1·p2) and the gap of ``state`` ({p1, p2, f}).

        Examples
        --------
        >>> AdditivityExplorer.readouts({"p1": 0.5, "p2": 0.5, "f": "1 / p"})["gap"]
        0.0
        """
        key = state.get("f", "-log2 p")
        p1, p2 = float(state["p1"]), float(state["p2"])
        pj = p1 * p2
        f1, f2, fj = (_candidate(key, t) for t in (p1, p2, pj))
        gap = fj - (f1 + f2)
        if abs(gap) <= 1e-9 * max(1.0, abs(fj)):  # adds up (up to rounding)
            gap = 0.0
        return dict(zip(ADDITIVITY_QUANTITIES, (pj, f1, f2, f1 + f2, fj, gap)))

    @staticmethod
    def labels(state):
        """The labels shown for the quantities of ``state`` (with the names of the events)."""
        label, unit = _CANDIDATES[state.get("f", "-log2 p")]
        a, b, joint = state["names"]
        sym = "I" if unit else "f"
        return dict(zip(ADDITIVITY_QUANTITIES, (f"P({joint})", f"{sym}({a})", f"{sym}({b})",
                                                f"{sym}({a}) + {sym}({b})", f"{sym}({joint})", _("gap"))))

    @classmethod
    def static_figure(cls, state):
        """The stacked bar f(p1) + f(p2) against the bar f(p1·p2), with the verdict."""
        key = state.get("f", "-log2 p")
        label, unit = _CANDIDATES[key]
        a, b, joint = state["names"]
        v = cls.readouts(state)
        names = cls.labels(state)
        f1, f2, fj, pj = v["f(p1)"], v["f(p2)"], v["f(p1·p2)"], v["P(p1·p2)"]
        xmax = _XMAX[key]
        fig = plots.blank_figure((8.0, 3.0))
        ax = plots.style_axes(fig.add_subplot())
        c1, c2, c3 = plots.PALETTE[0], plots.PALETTE[1], plots.PALETTE[2]
        ax.barh([1], [f1], 0.55, color=c1, label=names["f(p1)"])
        ax.barh([1], [f2], 0.55, left=[f1], color=c2, hatch="//", edgecolor="white", label=names["f(p2)"])
        ax.barh([0], [fj], 0.55, color=c3, hatch="..", edgecolor="white",
                label=f"{names['f(p1·p2)']} = {label.replace('p', f'P({joint})')}")
        ax.axvline(f1 + f2, color=plots.COLORS["grey"], linestyle=":", linewidth=1.2)
        u = f" {unit_label(unit)}" if unit else ""
        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85)
        pad = 0.01 * xmax
        ax.text(min(f1 + f2, 0.62 * xmax) + pad, 1, f"{f1:.2f} + {f2:.2f} = {f1 + f2:.2f}{u}", va="center",
                fontsize=9, bbox=box)
        ax.text(min(fj, 0.62 * xmax) + pad, 0, _("{value}{unit}  (P = {p})").format(value=f"{fj:.2f}", unit=u, p=f"{pj:.4f}"),
                va="center", fontsize=9, bbox=box)
        additive = v["gap"] == 0.0
        ax.text(0.99, 0.44, _("adds up ✓") if additive else _("does not add up ✗"), ha="right", va="center",
                fontsize=10, fontweight="bold", transform=ax.transAxes, bbox=box,
                color=plots.PALETTE[2] if additive else plots.COLORS["accent"])
        ax.set_ylim(-0.6, 1.9)
        ax.set_xlim(0, xmax)
        ax.set_yticks([0, 1], [_("{joint}\n(computed directly)").format(joint=joint), _("step by step\n(stacked)")])
        if unit:
            ax.set_xlabel(_("information f(p) = {f}  [{unit}]").format(f=label, unit=unit_label(unit)))
        else:
            ax.set_xlabel(_("candidate f(p) = {f}  (no unit: not an information)").format(f=label))
        ax.legend(frameon=False, loc="upper right", ncols=3, fontsize=8)
        return fig

    def summary(self):
        state = self.full_state
        label, unit = _CANDIDATES[self.f]
        names = self.labels(state)
        u = f" {unit_label(unit)}" if unit else ""
        v = self.values
        a, b, joint = self.names
        lines = [f"AdditivityExplorer(P({a}) = {self.p1:.4g}, P({b}) = {self.p2:.4g}, f(p) = {label})"]
        lines += [f"  {names[k]} = {format_value(v[k])}{'' if k.startswith('P(') else u}"
                  for k in ADDITIVITY_QUANTITIES[:-1]]
        verdict = _("adds up") if v["gap"] == 0.0 else _("does not add up")
        lines.append(f"  {names['f(p1·p2)']} − [{names['f(p1) + f(p2)']}] = {format_value(v['gap'])}{u}: {verdict}")
        return "\n".join(lines)


class BinaryEntropyExplorer(BrowserExplorer):
    r"""The entropy of a coin, H(p) = -p log2 p - (1-p) log2(1-p), with a slider for p.

    Introduced in notebook ``02_entropy``.  Runs in the browser
    (``lossnotes/widgets/js/binary_entropy.js``).

    The slider runs over the closed interval [0, 1]: p = 0 and p = 1 give
    H = 0 (not NaN), because 0 log 0 = 0.  Readouts: H(p) in bits and in
    nats, and the surprise of each face, -log2 p and -log2(1-p) (``∞`` for a
    face that never comes up).

    Parameters
    ----------
    p : float, default 0.3
        Starting probability of heads, in [0, 1].
    caption, title : str, optional

    Attributes
    ----------
    p : float
        The probability of heads, synced with the browser.
    values : dict
        ``{"H(p) in bits", "H(p) in nats", "I(heads) in bits", "I(tails) in bits"}``.

    Examples
    --------
    >>> ex = BinaryEntropyExplorer(0.5)
    >>> ex.values["H(p) in bits"]
    1.0
    >>> ex.p = 0.0; ex.values["H(p) in bits"], ex.values["I(tails) in bits"], ex.values["I(heads) in bits"]
    (0.0, 0.0, inf)
    """

    _module = "binary_entropy.js"
    p = traitlets.Float(0.3).tag(sync=True)
    state_keys = ("p",)
    default_caption = N_("A fair coin (p = 0.5) is hardest to predict: 1 bit. A two-headed coin: 0 bits.")
    QUANTITIES = ("H(p) in bits", "H(p) in nats", "I(heads) in bits", "I(tails) in bits")

    def __init__(self, p=0.3, *, caption=None, title=None):
        super().__init__(p=p, caption=caption, title=title)

    @traitlets.validate("p")
    def _valid_p(self, proposal):
        return _probability_trait(proposal)

    @classmethod
    def readouts(cls, state):
        """H(p) in bits and nats and the surprise of each face in bits, for ``state`` ({p}).

        Examples
        --------
        >>> BinaryEntropyExplorer.readouts({"p": 0.5})["I(heads) in bits"]
        1.0
        """
        p = float(state["p"])
        return dict(zip(cls.QUANTITIES, (float(info.binary_entropy(p)), float(info.binary_entropy(p, base="nats")),
                                         float(info.self_information(p)), float(info.self_information(1.0 - p)))))

    @classmethod
    def static_figure(cls, state):
        """The curve H(p) in bits with the current coin marked."""
        p = float(state["p"])
        v = cls.readouts(state)
        fig = plots.blank_figure((7.0, 3.2))
        ax = plots.style_axes(fig.add_subplot())
        x = np.linspace(0.0, 1.0, 401)
        ax.plot(x, info.binary_entropy(x), color=plots.LINE_COLORS[0], linewidth=2,
                label="H(p) = −p log₂ p − (1−p) log₂(1−p)")
        ax.plot([p], [v["H(p) in bits"]], "o", color=plots.LINE_COLORS[0], markeredgecolor="black", markersize=8,
                label=_("current coin"))
        ax.axvline(p, color=plots.COLORS["grey"], linestyle=":", linewidth=1)
        ax.text(0.03, 0.05, f"H = {format_value(v['H(p) in bits'], 3)} {unit_label('bits')}", transform=ax.transAxes,
                fontsize=10)
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(0.0, 1.1)
        ax.set_xlabel(_("probability of heads p"))
        ax.set_ylabel(_("entropy H(p)  [{unit}]").format(unit=unit_label("bits")))
        ax.legend(frameon=False, loc="upper right")
        return fig

    def summary(self):
        bits, nats = unit_label("bits"), unit_label("nats")
        v = self.values
        lines = [f"BinaryEntropyExplorer(p = {self.p:.4g})",
                 f"  {_('H(p) in {unit}').format(unit=bits)} = {format_value(v['H(p) in bits'])} {bits}",
                 f"  {_('H(p) in {unit}').format(unit=nats)} = {format_value(v['H(p) in nats'])} {nats}",
                 f"  I({_('heads')}) = {format_value(v['I(heads) in bits'])} {bits}",
                 f"  I({_('tails')}) = {format_value(v['I(tails) in bits'])} {bits}"]
        return "\n".join(lines)


class EntropyExplorer(BrowserExplorer):
    r"""Edit a distribution; see each outcome's surprise and the entropy, their average.

    Introduced in notebook ``02_entropy``.  Runs in the browser (``lossnotes/widgets/js/entropy.js``).

    Left: the probabilities p(x) (edit them with the sliders, which always sum
    to 1, or type an exact vector).  Right: the surprise of each outcome,
    I(x) = -log2 p(x) (light bars; a full-height bar marked ``∞`` for an
    outcome of probability 0), its contribution p(x) I(x) to the entropy (dark
    bars), the entropy

    .. math:: H(p) = \sum_x p(x) I(x) = -\sum_x p(x) \log_2 p(x)

    as a dashed line (the probability-weighted average surprise), and the
    maximum log2 n (dotted), reached only by the uniform distribution.

    Parameters
    ----------
    p : sequence of float
        Starting distribution over n >= 2 outcomes (sums to 1).
    labels : sequence of str, optional
        Outcome names (default ``₁ … ₙ``, shown as x₁, …).
    ymax : float, optional
        Top of the surprise axis in bits (default: 8, or log2 n + 2 if larger).
        Larger surprises are drawn clipped, with their value written on them.
    caption, title : str, optional

    Attributes
    ----------
    p : list of float
        The distribution, synced with the browser (``ex.p = [...]`` sets it).
    values : dict
        ``{"H(p)": bits, "H(p) in nats": nats, "log₂ n": bits}``.
    surprise, contribution : numpy.ndarray
        -log2 p(x) (``inf`` where p(x) = 0) and p(x) * I(x) (0 there), in bits.

    Examples
    --------
    >>> ex = EntropyExplorer([0.5, 0.25, 0.125, 0.125])
    >>> ex.values["H(p)"], ex.surprise.tolist()
    (1.75, [1.0, 2.0, 3.0, 3.0])
    >>> ex.p = [1, 0, 0, 0]; ex.values["H(p)"]
    0.0
    """

    _module = "entropy.js"
    p = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    ymax = traitlets.Float(8.0).tag(sync=True)
    state_keys = ("p",)
    data_keys = ("labels", "ymax")
    QUANTITIES = ("H(p)", "H(p) in nats", "log₂ n")
    default_caption = N_("H(p) is the average of the surprises, weighted by how often each outcome happens.")

    def __init__(self, p, labels=None, *, ymax=None, caption=None, title=None):
        p_arr = probability_vector(p, "p")
        labels = [str(lab) for lab in outcome_labels(labels, p_arr.size, "p")]
        if ymax is None:
            ymax = max(8.0, math.ceil(math.log2(p_arr.size)) + 2.0)
        ymax = check_scalar(ymax, "ymax", low=0.0, low_inclusive=False)
        super().__init__(p=p_arr.tolist(), labels=labels, ymax=ymax, caption=caption, title=title)

    @traitlets.validate("p")
    def _valid_p(self, proposal):
        v = probability_vector(proposal["value"], "p")
        if self.labels and v.size != len(self.labels):
            raise traitlets.TraitError(_("{name} must have {size} entries, got shape {shape}").format(
                name="p", size=len(self.labels), shape=v.shape))
        return v.tolist()

    @property
    def surprise(self):
        """-log2 p(x) in bits (``inf`` where p(x) = 0)."""
        return info.self_information(np.asarray(self.p, float))

    @property
    def contribution(self):
        """p(x) * I(x) in bits (0 where p(x) = 0: 0 log 0 = 0)."""
        p = np.asarray(self.p, float)
        out = np.zeros_like(p)
        np.multiply(p, self.surprise, out=out, where=p > 0)
        return out

    @classmethod
    def readouts(cls, state):
        """H(p) in bits and nats and the maximum log₂ n of ``state`` ({p}), as floats.

        Examples
        --------
        >>> EntropyExplorer.readouts({"p": [0.5, 0.5]})
        {'H(p)': 1.0, 'H(p) in nats': 0.6931471805599453, 'log₂ n': 1.0}
        """
        p = np.asarray(state["p"], dtype=float)
        h = float(info.entropy(p))
        return {"H(p)": h, "H(p) in nats": float(info.convert_units(h, "bits", "nats")), "log₂ n": math.log2(p.size)}

    @classmethod
    def static_figure(cls, state):
        """Bars of p; the surprises, contributions, H(p) and log₂ n in bits."""
        p = np.asarray(state["p"], dtype=float)
        n = p.size
        ymax = float(state.get("ymax", 8.0))
        labels = state.get("labels") or outcome_labels(None, n, "p")
        labels = [f"x{lab}" if lab and lab[0] in "₀₁₂₃₄₅₆₇₈₉" else lab for lab in labels]
        v = cls.readouts(state)
        h, log_n = v["H(p)"], v["log₂ n"]
        surprise = info.self_information(p)
        contribution = np.zeros_like(p)
        np.multiply(p, surprise, out=contribution, where=p > 0)
        fig = plots.blank_figure((8.6, 3.4))
        axp, axi = fig.subplots(1, 2, width_ratios=[1, 1.25])
        plots.style_axes(axp)
        plots.style_axes(axi)
        x = np.arange(n)
        axp.bar(x, p, 0.7, color=plots.COLORS["p"])
        axp.set_xticks(x, labels)
        axp.set_ylim(0, 1.08)
        axp.set_xlabel(_("outcome x"))
        axp.set_ylabel(_("probability p(x)"))
        axp.set_title(_("distribution p (edit with the sliders)"), fontsize=10)
        c = plots.PALETTE[3]
        axi.bar(x, np.minimum(surprise, ymax), 0.7, color=c, alpha=0.35, label=_("surprise I(x) = −log₂ p(x)"))
        axi.bar(x, np.minimum(contribution, ymax), 0.36, color=c, hatch="//", edgecolor="white",
                label=_("contribution p(x)·I(x)"))
        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.8)
        for i, s in enumerate(surprise):
            if s > ymax:
                axi.text(i, 0.8 * ymax, format_value(s, 2) if np.isfinite(s) else "∞", bbox=box, ha="center",
                         va="bottom", fontsize=10)
        axi.axhline(h, color="black", linestyle="--", linewidth=1.5, label=_("H(p) = Σ contributions"))
        axi.text(n - 0.5, h + 0.01 * ymax, f"H = {h:.3f} {unit_label('bits')}", ha="right", va="bottom", fontsize=9,
                 fontweight="bold", bbox=box)
        axi.axhline(log_n, color=plots.COLORS["grey"], linestyle=":", linewidth=1.5,
                    label=_("log₂ n = {value} {unit} (maximum)").format(value=f"{log_n:.2f}", unit=unit_label("bits")))
        axi.set_xticks(x, labels)
        axi.set_xlim(-0.5, n - 0.5)
        axi.set_ylim(0, ymax)
        axi.set_xlabel(_("outcome x"))
        axi.set_ylabel(_("information [{unit}]").format(unit=unit_label("bits")))
        axi.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)
        return fig

    def summary(self):
        bits, nats = unit_label("bits"), unit_label("nats")
        v = self.values
        lines = [f"EntropyExplorer(p = {format_vector(self.p)})",
                 f"  H(p) = {format_value(v['H(p)'])} {bits}",
                 f"  {_('H(p) in {unit}').format(unit=nats)} = {format_value(v['H(p) in nats'])} {nats}",
                 f"  log₂ n = {format_value(v['log₂ n'])} {bits}",
                 "  I(x) = (" + ", ".join(format_value(s, 2) for s in self.surprise) + f") {bits}"]
        return "\n".join(lines)
