"""The KL penalty of language-model post-training, live: a β slider over a toy set of responses.

Introduced in notebook ``11_kl_in_llm_training``.  :class:`KLPenaltyExplorer` runs in the browser
(``lossnotes/widgets/js/kl_penalty.js``, see :mod:`lossnotes.widgets._browser`); its numbers are
:func:`lossnotes.alignment.kl_regularised_optimum`'s.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import traitlets

from .. import information as info
from .. import plots
from ..alignment import kl_regularised_optimum
from ..i18n import N_, _
from ._base import format_value, format_vector
from ._browser import BrowserExplorer
from .editor import probability_vector

__all__ = ["KLPenaltyExplorer"]

#: The range of the β slider (log scale), in reward units per nat.
BETA_RANGE = (0.01, 100.0)


def _beta(value, name="beta"):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise traitlets.TraitError(_("{name} must be a real number, got {type}").format(
            name=name, type=type(value).__name__))
    b = float(value)
    if not (math.isfinite(b) and b >= 0):
        raise traitlets.TraitError(_("beta must be {bound}, got {value}").format(
            bound=_("a finite number >= 0"), value=repr(b)))
    return b


class KLPenaltyExplorer(BrowserExplorer):
    r"""The maximiser of :math:`\mathbb{E}_\pi[r] - \beta\,\mathrm{KL}(\pi\,\|\,\pi_{\mathrm{ref}})` as β moves.

    A reference policy :math:`\pi_{\mathrm{ref}}` over a few whole responses, their rewards, and a
    slider for β (log scale, 0.01 to 100 reward units per nat).  The left chart shows
    :math:`\pi_{\mathrm{ref}}` and the optimum :math:`\pi^*_\beta \propto \pi_{\mathrm{ref}}\,e^{r/\beta}`
    side by side; the right one traces :math:`\mathbb{E}_{\pi^*}[r]`, :math:`\mathrm{KL}(\pi^*\|\pi_{\mathrm{ref}})`
    and the optimal value :math:`J(\pi^*) = \beta\log Z` against β, with the current β marked.
    Small β collapses onto the highest-reward response (a reward-hacking one, if the reward is
    wrong there); large β stays at the reference.  Runs in the browser
    (``lossnotes/widgets/js/kl_penalty.js``).

    Introduced in notebook ``11_kl_in_llm_training``.

    Parameters
    ----------
    ref_probs : sequence of float
        :math:`\pi_{\mathrm{ref}}` over the responses (at least 2, summing to 1).
    rewards : sequence of float
        The reward of each response (finite, reward units).
    labels : sequence of str, optional
        Response names (default ``y₁ … yₙ``), shown under the bars.
    beta : float, default 1.0
        Starting β >= 0, in reward units per nat (the slider covers 0.01 to 100).
    caption, title : str, optional

    Attributes
    ----------
    beta : float
        The current β, synced with the browser.
    values : dict
        ``readouts(state)``: ``E[r]`` (reward units), ``KL(π*‖π_ref)`` (nats) and ``J(π*)``
        (reward units).

    Examples
    --------
    >>> ex = KLPenaltyExplorer([0.5, 0.3, 0.2], [0.0, 1.0, 3.0], beta=1.0)
    >>> round(ex.values["J(π*)"], 4)
    1.6738
    >>> ex.beta = 100.0; round(ex.values["KL(π*‖π_ref)"], 6)      # large β: close to the reference
    6.5e-05
    """

    _module = "kl_penalty.js"
    beta = traitlets.Float(1.0).tag(sync=True)
    ref_probs = traitlets.List(traitlets.Float()).tag(sync=True)
    rewards = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    state_keys = ("beta", "ref_probs", "rewards")
    data_keys = ("labels",)
    default_caption = N_("Small β chases the reward onto one response; large β stays at the reference. "
                         "In between, π* trades reward for KL.")
    QUANTITIES = ("E[r]", "KL(π*‖π_ref)", "J(π*)")

    def __init__(self, ref_probs, rewards, labels=None, *, beta=1.0, caption=None, title=None):
        ref = probability_vector(ref_probs, "ref_probs")
        r = np.asarray(rewards, dtype=float) if not isinstance(rewards, str) else None
        if r is None or r.ndim != 1 or r.size != ref.size:
            raise ValueError(_("ref_probs and rewards need one entry per response (the last axis), got shapes "
                               "{shape_a} and {shape_b}").format(shape_a=ref.shape, shape_b=np.shape(rewards)))
        if not np.isfinite(r).all():
            raise ValueError(_("{name} must be finite").format(name="rewards"))
        if labels is None:
            labels = [f"y{chr(0x2080 + i + 1)}" if i < 9 else f"y{i + 1}" for i in range(ref.size)]
        labels = [str(lab) for lab in labels]
        if len(labels) != ref.size:
            raise ValueError(_("{name} must have {size} entries, got shape {shape}").format(
                name="labels", size=ref.size, shape=(len(labels),)))
        super().__init__(ref_probs=ref.tolist(), rewards=r.tolist(), labels=labels, beta=_beta(beta),
                         caption=caption, title=title)

    @traitlets.validate("beta")
    def _valid_beta(self, proposal):
        return _beta(proposal["value"])

    @classmethod
    def readouts(cls, state):
        """E[r], KL(π*‖π_ref) in nats and J(π*) of ``state`` ({beta, ref_probs, rewards}), as floats.

        Examples
        --------
        >>> KLPenaltyExplorer.readouts({"beta": 1.0, "ref_probs": [0.5, 0.5], "rewards": [0.0, 0.0]})
        {'E[r]': 0.0, 'KL(π*‖π_ref)': 0.0, 'J(π*)': 0.0}
        """
        ref = np.asarray(state["ref_probs"], dtype=float)
        r = np.asarray(state["rewards"], dtype=float)
        policy, value = kl_regularised_optimum(ref, r, float(state["beta"]))
        expected = 0.0
        for p_i, r_i in zip(policy.tolist(), r.tolist()):   # in order, as the module sums
            expected += p_i * r_i
        return {
            "E[r]": expected,
            "KL(π*‖π_ref)": float(info.kl_divergence(policy, ref, base="nats")),
            "J(π*)": float(value),
        }

    @classmethod
    def static_figure(cls, state):
        """π_ref and π*_β as bars, and E[r], KL and J against β with the current β marked."""
        ref = np.asarray(state["ref_probs"], float)
        r = np.asarray(state["rewards"], float)
        beta = float(state["beta"])
        labels = state["labels"]
        policy = kl_regularised_optimum(ref, r, beta).policy
        fig = plots.blank_figure((9.6, 3.5))
        ax, axr = fig.subplots(1, 2, width_ratios=[1.15, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        c = plots.COLORS
        x = np.arange(ref.size)
        ax.bar(x - 0.2, ref, 0.4, color=c["p"], label="π_ref")
        ax.bar(x + 0.2, policy, 0.4, color=c["q"], hatch="//", edgecolor="black", linewidth=0.4,
               label=f"π*  (β = {beta:.3g})")
        ax.set_xticks(x, [f"{lab}\nr = {ri:.3g}" for lab, ri in zip(labels, r)], fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_ylabel(_("probability"))
        ax.legend(frameon=False, loc="upper left", fontsize=8)
        grid = np.geomspace(*BETA_RANGE, 161)
        curves = [cls.readouts({"beta": float(b), "ref_probs": ref, "rewards": r}) for b in grid]
        styles = (("E[r]", c["p"], "-"), ("KL(π*‖π_ref)", c["accent"], "--"), ("J(π*)", c["m"], ":"))
        for key, color, dash in styles:
            axr.plot(grid, [v[key] for v in curves], color=color, linestyle=dash, linewidth=2, label=key)
        axr.axvline(min(max(beta, BETA_RANGE[0]), BETA_RANGE[1]), color=c["grey"], linewidth=1)
        axr.set_xscale("log")
        axr.set_xlabel(_("β [reward units per nat] (log scale)"))
        axr.set_ylabel(_("reward units; KL in nats"))
        axr.legend(frameon=False, fontsize=8)
        return fig

    def summary(self):
        policy = kl_regularised_optimum(self.ref_probs, self.rewards, self.beta).policy
        lines = [f"KLPenaltyExplorer(β = {self.beta:.4g}, π_ref = {format_vector(self.ref_probs)}, "
                 f"r = {format_vector(self.rewards)})",
                 f"  π* = {format_vector(policy)}"]
        lines += [f"  {k} = {format_value(v)}" for k, v in self.values.items()]
        return "\n".join(lines)
