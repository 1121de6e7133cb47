"""Explorers for the losses used in practice: focal loss and the InfoNCE temperature.

Both run in the browser (:mod:`lossnotes.widgets._browser`): ``js/focal.js`` and ``js/contrastive.js``.

Introduced in notebook ``09_other_losses``.
"""

from __future__ import annotations

import numpy as np
import traitlets

from .. import losses, plots
from .._validation import as_float_array, check_scalar
from ..i18n import N_, _, unit_label
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["FocalLossExplorer", "ContrastiveExplorer"]


def _sig(x):
    """A readout number: four significant figures, scientific below 1e-3, no decimals above 1000."""
    x = float(x)
    if not np.isfinite(x):
        return format_value(x)
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) < 1e-3:
        return f"{x:.3e}"
    return f"{x:.4g}"


def _logit(p):
    return np.log(p) - np.log1p(-p)


def _checked(proposal, low, high):
    try:
        return check_scalar(proposal["value"], proposal["trait"].name, low=low, high=high)
    except (ValueError, TypeError) as err:
        raise traitlets.TraitError(str(err)) from None


class FocalLossExplorer(BrowserExplorer):
    """Focal loss against the probability of the true class, for several γ, with a live γ.

    Runs in the browser (``lossnotes/widgets/js/focal.js``).  The curves (log y axis, so that
    factors of 10 are equal steps) are :math:`\\mathrm{FL}(p_t) = -(1 - p_t)^\\gamma \\ln p_t` in
    nats (without the :math:`\\alpha_t` factor, as in Figure 1 of Lin et al. 2017), computed with
    :func:`lossnotes.losses.sigmoid_focal_loss` (``alpha=-1`` disables :math:`\\alpha_t`).  Thin
    curves: fixed reference values of γ (γ = 0 is plain cross-entropy), drawn on top of a wide
    grey band that follows the slider's γ; the dot marks the slider's :math:`p_t`.  Readouts:
    cross-entropy :math:`-\\ln p_t`, the modulating factor :math:`(1-p_t)^\\gamma`, the focal loss,
    how many times smaller it is than cross-entropy, the loss with torchvision's :math:`\\alpha_t`
    for a positive (t = 1, :math:`\\alpha_t = \\alpha`) and a negative (t = 0,
    :math:`\\alpha_t = 1 - \\alpha`) example with that :math:`p_t`, and their weight ratio.

    Introduced in notebook ``09_other_losses``.

    Parameters
    ----------
    gamma : float in [0, 5], default 2.0
        Starting focusing exponent γ.
    p_t : float in [0.01, 0.99], default 0.9
        Starting probability of the true class.
    alpha : float in [0, 1], default 0.25
        Starting α, torchvision's weight of the positive class.
    gammas : sequence of float >= 0, default (0, 0.5, 1, 2, 5)
        The reference curves.
    caption, title : str, optional

    Attributes
    ----------
    gamma, p_t, alpha : float
        The current parameters, synced with the browser.
    values : dict
        ``readouts(state)``: losses in nats, the factor and the ratios as pure numbers.

    Examples
    --------
    >>> ex = FocalLossExplorer(gamma=2.0, p_t=0.9)
    >>> round(ex.values["CE / FL"], 6)                 # (1 - 0.9)^-2
    100.0
    >>> ex.gamma = 0.0; round(ex.values["CE / FL"], 6)
    1.0
    >>> ex.alpha = 0.25; round(ex.values["negative / positive weight"], 6)   # 0.75 / 0.25
    3.0
    """

    _module = "focal.js"
    gamma = traitlets.Float(2.0).tag(sync=True)
    p_t = traitlets.Float(0.9).tag(sync=True)
    alpha = traitlets.Float(0.25).tag(sync=True)
    gammas = traitlets.List(traitlets.Float()).tag(sync=True)
    state_keys = ("gamma", "p_t", "alpha")
    data_keys = ("gammas",)
    default_caption = N_("Easy examples (p_t near 1) lose orders of magnitude of loss as γ grows; "
                         "hard ones (p_t small) keep most of it.")
    QUANTITIES = ("CE = −ln p_t", "(1 − p_t)^γ", "FL", "CE / FL", "α_t·FL, positive", "α_t·FL, negative",
                  "negative / positive weight")

    def __init__(self, *, gamma=2.0, p_t=0.9, alpha=0.25, gammas=(0.0, 0.5, 1.0, 2.0, 5.0), caption=None,
                 title=None):
        gammas = [check_scalar(g, "gammas", low=0.0) for g in gammas]
        super().__init__(gamma=gamma, p_t=p_t, alpha=alpha, gammas=gammas, caption=caption, title=title)

    @traitlets.validate("gamma")
    def _valid_gamma(self, proposal):
        return _checked(proposal, 0.0, 5.0)

    @traitlets.validate("p_t")
    def _valid_pt(self, proposal):
        return _checked(proposal, 0.01, 0.99)

    @traitlets.validate("alpha")
    def _valid_alpha(self, proposal):
        return _checked(proposal, 0.0, 1.0)

    @staticmethod
    def focal(x, gamma):
        """FL of logits ``x`` whose true class is positive, without α_t, in nats."""
        return losses.sigmoid_focal_loss(x, np.ones_like(x), alpha=-1, gamma=gamma)

    @classmethod
    def readouts(cls, state):
        """CE, (1 − p_t)^γ, FL, CE / FL, α_t·FL of a positive and a negative, and (1 − α)/α.

        Examples
        --------
        >>> v = FocalLossExplorer.readouts({"gamma": 2.0, "p_t": 0.5, "alpha": 0.5})
        >>> round(v["(1 − p_t)^γ"], 12), round(v["FL"] / v["CE = −ln p_t"], 12)
        (0.25, 0.25)
        """
        g, pt, a = float(state["gamma"]), float(state["p_t"]), float(state["alpha"])
        x = _logit(np.array([pt]))
        fl = float(cls.focal(x, g)[0])
        ce = float(losses.binary_cross_entropy_with_logits(x, np.ones(1), reduction="sum"))
        pos = float(losses.sigmoid_focal_loss(x, np.ones(1), alpha=a, gamma=g)[0])
        neg = float(losses.sigmoid_focal_loss(-x, np.zeros(1), alpha=a, gamma=g)[0])
        return {
            "CE = −ln p_t": ce,
            "(1 − p_t)^γ": (1 - pt) ** g,
            "FL": fl,
            "CE / FL": ce / fl,
            "α_t·FL, positive": pos,
            "α_t·FL, negative": neg,
            "negative / positive weight": (1 - a) / a if a > 0 else float("inf"),
        }

    @classmethod
    def static_figure(cls, state):
        """The reference curves, the slider's γ as a grey band, and the dot at the slider's p_t."""
        g, pt = float(state["gamma"]), float(state["p_t"])
        gammas = state.get("gammas", (0.0, 0.5, 1.0, 2.0, 5.0))
        grid = np.linspace(0.005, 0.995, 240)
        xg = _logit(grid)
        fig = plots.blank_figure((8.0, 3.4))
        ax = plots.style_axes(fig.add_subplot())
        colors = [plots.PALETTE[i] for i in (0, 4, 2, 1, 3, 5, 6)]
        styles = ("-", (0, (6, 3)), (0, (2, 3)), (0, (8, 3, 2, 3)), (0, (1, 2)))
        ax.plot(grid, cls.focal(xg, g), color="black", linewidth=7.0, alpha=0.22, solid_capstyle="butt",
                label=_("γ from the slider (grey band)"))
        for i, gi in enumerate(gammas):
            label = f"γ = {gi:g}" + ((" (" + _("cross-entropy") + ")") if gi == 0 else "")
            ax.plot(grid, cls.focal(xg, gi), color=colors[i % len(colors)], linestyle=styles[i % len(styles)],
                    linewidth=1.4, label=label)
        ax.plot([pt], [cls.readouts(state)["FL"]], "o", color=plots.COLORS["accent"], markersize=9,
                markeredgecolor="black", label=_("p_t from the slider"))
        ax.set_xlim(0, 1)
        ax.set_yscale("log")
        ax.set_ylim(1e-5, 10)
        ax.set_xlabel(_("p_t, probability of the true class"))
        ax.set_ylabel(_("loss [{unit}] (log scale)").format(unit=unit_label("nats")))
        handles, labels = ax.get_legend_handles_labels()   # the band first in the plot, last in the legend
        order = list(range(1, len(handles) - 1)) + [0, len(handles) - 1]
        ax.legend([handles[i] for i in order], [labels[i] for i in order], frameon=False, loc="lower left", fontsize=8)
        return fig

    def texts(self):
        """The readouts as shown, {translated label: text with unit}."""
        v, a = self.values, self.alpha
        nats = unit_label("nats")
        return {
            "CE = −ln p_t": f"{_sig(v['CE = −ln p_t'])} {nats}",
            "(1 − p_t)^γ": _sig(v["(1 − p_t)^γ"]),
            "FL": f"{_sig(v['FL'])} {nats}",
            "CE / FL": f"{_sig(v['CE / FL'])}×",
            _("α_t·FL, positive (α_t = {a})").format(a=f"{a:g}"): f"{_sig(v['α_t·FL, positive'])} {nats}",
            _("α_t·FL, negative (α_t = {a})").format(a=f"{1 - a:g}"): f"{_sig(v['α_t·FL, negative'])} {nats}",
            _("negative / positive weight (1 − α)/α"): f"{_sig(v['negative / positive weight'])}×",
        }

    def summary(self):
        lines = [f"FocalLossExplorer(γ = {format_value(self.gamma, 1)}, p_t = {format_value(self.p_t, 2)}, "
                 f"α = {format_value(self.alpha, 2)})"]
        lines += [f"  {k} = {text}" for k, text in self.texts().items()]
        return "\n".join(lines)


class ContrastiveExplorer(BrowserExplorer):
    """InfoNCE as a classification over similarities, with the temperature on a slider.

    Runs in the browser (``lossnotes/widgets/js/contrastive.js``).  Left: the softmax of each row
    of :math:`S/\\tau`, with :math:`S_{nm} = \\cos(q_n, k_m)`: row n is the model's distribution over
    which key is query n's positive (the diagonal, outlined).  Right: each query's loss
    :math:`-\\ln \\mathrm{softmax}(S_n/\\tau)_n` in nats, with the uniform-guess level :math:`\\ln N`.
    Readouts: the mean InfoNCE loss (:func:`lossnotes.losses.info_nce`), the mean probability of
    the positive key, and :math:`\\ln N`.  The similarities are computed once, in Python, and sent
    to the browser (they do not depend on τ).

    Introduced in notebook ``09_other_losses``.

    Parameters
    ----------
    query, keys : array_like
        Embeddings of shape ``(N, D)`` each; ``keys[n]`` is the positive of ``query[n]``.
    temperature : float in [0.02, 2], default 0.1
        Starting temperature τ.
    caption, title : str, optional

    Attributes
    ----------
    temperature : float
        The current τ, synced with the browser.
    similarity : list of list of float
        The cosine similarities :math:`S` (fixed).
    values : dict
        ``{"InfoNCE": nats, "mean p(positive)": probability, "ln N": nats}``.

    Examples
    --------
    >>> import numpy as np
    >>> q = np.eye(3); k = np.eye(3) + 0.1
    >>> ex = ContrastiveExplorer(q, k, temperature=0.1)
    >>> print(_sig(ex.values["InfoNCE"]))                # sharp: the positive wins every row
    2.427e-04
    >>> ex.temperature = 2.0; print(_sig(ex.values["InfoNCE"]))   # flat: close to ln 3 = 1.0986
    0.8216
    """

    _module = "contrastive.js"
    temperature = traitlets.Float(0.1).tag(sync=True)
    similarity = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    state_keys = ("temperature",)
    data_keys = ("similarity",)
    default_caption = N_("Small τ sharpens every row towards its best match; large τ flattens them towards the ln N guess.")
    QUANTITIES = ("InfoNCE", "mean p(positive)", "ln N")

    def __init__(self, query, keys, *, temperature=0.1, caption=None, title=None):
        q = as_float_array(query, "query", dtype=np.float64)
        k = as_float_array(keys, "keys", dtype=np.float64)
        if q.ndim != 2 or k.ndim != 2 or q.shape != k.shape:
            raise ValueError(
                _("query and keys must both have shape (N, D), the same; got {a} and {b}").format(a=q.shape, b=k.shape)
            )
        qn = q / np.linalg.norm(q, axis=1, keepdims=True)
        kn = k / np.linalg.norm(k, axis=1, keepdims=True)
        similarity = qn @ kn.T
        if not np.all(np.isfinite(similarity)):
            raise ValueError(_("query and keys must have no all-zero row (its cosine similarity is undefined)"))
        super().__init__(temperature=temperature, similarity=similarity.tolist(), caption=caption, title=title)

    @traitlets.validate("temperature")
    def _valid_temperature(self, proposal):
        return _checked(proposal, 0.02, 2.0)

    @staticmethod
    def _rows(state):
        S = np.asarray(state["similarity"], dtype=float)
        logits = S / float(state["temperature"])
        probs = losses.softmax(logits, axis=1)
        per = losses.cross_entropy(logits, np.arange(S.shape[0]), reduction="none")
        return probs, per

    @classmethod
    def readouts(cls, state):
        """The mean InfoNCE loss (nats), the mean probability of the positives, and ln N.

        Examples
        --------
        >>> ContrastiveExplorer.readouts({"temperature": 1.0, "similarity": [[1.0, 1.0], [1.0, 1.0]]})["InfoNCE"]
        0.6931471805599453
        """
        probs, per = cls._rows(state)
        return {
            "InfoNCE": float(np.mean(per)),
            "mean p(positive)": float(np.mean(np.diag(probs))),
            "ln N": float(np.log(probs.shape[0])),
        }

    @classmethod
    def static_figure(cls, state):
        """The row-wise softmax of S/τ (diagonal outlined) and each query's loss against ln N."""
        from matplotlib.patches import Rectangle

        probs, per = cls._rows(state)
        n = probs.shape[0]
        fig = plots.blank_figure((8.5, 3.4))
        ax, axr = fig.subplots(1, 2, width_ratios=[1, 1.1])
        image = ax.imshow(probs, vmin=0, vmax=1, cmap="viridis")
        for i in range(n):
            ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=plots.COLORS["accent"], linewidth=1.5))
        ax.set_xticks(range(n), [f"k{j}" for j in range(n)])
        ax.set_yticks(range(n), [f"q{i}" for i in range(n)])
        ax.set_xlabel(_("key (diagonal = positive)"))
        ax.set_ylabel(_("query"))
        ax.set_title(_("softmax(S/τ), row by row [probability]"), fontsize=9)
        fig.colorbar(image, ax=ax, shrink=0.9)
        plots.style_axes(axr)
        lnN = float(np.log(n))
        ymax = max(1.5 * lnN, 1.0)
        axr.bar(np.arange(n), np.minimum(per, ymax), 0.7, color=plots.COLORS["p"])
        axr.axhline(lnN, color=plots.COLORS["grey"], linestyle=":", linewidth=1.2)
        axr.text(n - 0.5, lnN, f"ln N = {lnN:.3f}", ha="right", va="bottom", fontsize=8, color="#333333")
        axr.set_xticks(np.arange(n), [f"q{i}" for i in range(n)])
        axr.set_xlabel(_("query"))
        axr.set_ylabel(_("loss −ln p(positive) [{unit}]").format(unit=unit_label("nats")))
        axr.set_ylim(0, ymax)
        return fig

    def summary(self):
        v = self.values
        nats = unit_label("nats")
        return "\n".join([
            f"ContrastiveExplorer(τ = {format_value(self.temperature, 2)}, N = {len(self.similarity)})",
            f"  InfoNCE = {_sig(v['InfoNCE'])} {nats}",
            f"  {_('mean p(positive)')} = {_sig(v['mean p(positive)'])}",
            f"  ln N = {_sig(v['ln N'])} {nats}",
        ])
