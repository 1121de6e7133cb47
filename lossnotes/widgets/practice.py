"""Explorers for the losses used in practice: focal loss and the InfoNCE temperature.

Introduced in notebook ``09_other_losses``.
"""

from __future__ import annotations

import numpy as np

from .. import losses, plots
from .._validation import as_float_array, check_scalar
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, slider

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


class FocalLossExplorer(Explorer):
    """Focal loss against the probability of the true class, for several γ, with a live γ.

    The curves (log y axis, so that factors of 10 are equal steps) are :math:`\\mathrm{FL}(p_t) = -(1 - p_t)^\\gamma \\ln p_t` in nats
    (without the :math:`\\alpha_t` factor, as in Figure 1 of Lin et al. 2017),
    computed with :func:`lossnotes.losses.sigmoid_focal_loss` (``alpha=-1``
    disables :math:`\\alpha_t`).  Thin curves: fixed reference values of γ
    (γ = 0 is plain cross-entropy), drawn on top of a wide grey band that
    follows the slider's γ (so a reference curve the band covers stays
    visible); the dot
    marks the slider's :math:`p_t`.  Readouts: cross-entropy
    :math:`-\\ln p_t`, the modulating factor :math:`(1-p_t)^\\gamma`, the focal
    loss, how many times smaller it is than cross-entropy, and the loss with
    torchvision's :math:`\\alpha_t` for a positive (t = 1, :math:`\\alpha_t = \\alpha`)
    and a negative (t = 0, :math:`\\alpha_t = 1 - \\alpha`) example with that
    :math:`p_t`.

    Parameters
    ----------
    gamma : float in [0, 5], default 2.0
        Starting focusing exponent γ.
    p_t : float in [0.01, 0.99], default 0.9
        Starting probability of the true class.
    alpha : float in [0, 1], default 0.25
        Starting α, torchvision's weight of the positive class (slider ``alpha``;
        it sets the readouts :math:`\\alpha_t\\,\\mathrm{FL}` for a positive,
        :math:`\alpha_t = \alpha`, and a negative, :math:`\alpha_t = 1 - \alpha`).
    gammas : sequence of float, default (0, 0.5, 1, 2, 5)
        The reference curves.

    Examples
    --------
    >>> ex = FocalLossExplorer(gamma=2.0, p_t=0.9)
    >>> round(ex.values["CE / FL"], 6)                 # (1 - 0.9)^-2
    100.0
    >>> ex.gamma.value = 0.0; round(ex.values["CE / FL"], 6)
    1.0
    >>> ex.alpha.value = 0.25; round(ex.values["negative / positive weight"], 6)   # 0.75 / 0.25
    3.0
    """

    figsize = (8.0, 3.4)
    caption = N_("Easy examples (p_t near 1) lose orders of magnitude of loss as γ grows; hard ones (p_t small) keep most of it.")

    def __init__(self, *, gamma=2.0, p_t=0.9, alpha=0.25, gammas=(0.0, 0.5, 1.0, 2.0, 5.0),
                 caption=None, title=None):
        alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
        self.gammas = tuple(check_scalar(g, "gammas", low=0.0) for g in gammas)
        self.gamma = slider(_("γ (focusing)"), float(gamma), 0.0, 5.0, 0.1, unit=_("dimensionless"))
        self.p_t = slider(_("p_t (prob. of true class)"), float(p_t), 0.01, 0.99, 0.01, unit=_("probability"))
        self.alpha = slider(_("α (weight of positives)"), alpha, 0.0, 1.0, 0.05, unit=_("dimensionless"))
        self._pt_grid = np.linspace(0.005, 0.995, 240)
        self._x_grid = _logit(self._pt_grid)  # logits whose positive-class probability is p_t
        self._ones = np.ones_like(self._x_grid)
        super().__init__([self.gamma, self.p_t, self.alpha], caption=caption, title=title)

    def _focal(self, x, gamma):
        return losses.sigmoid_focal_loss(x, np.ones_like(x), alpha=-1, gamma=gamma)

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        colors = [plots.PALETTE[i] for i in (0, 4, 2, 1, 3, 5, 6)]
        # The slider's curve is a wide translucent band, and the thin reference curves are drawn
        # after it (on top, as dynamic artists), so a reference curve it coincides with (γ = 2 at
        # the start) stays visible inside the band instead of hiding under it.
        (self.curve,) = ax.plot(self._pt_grid, self._pt_grid * 0 + 1, color="black", linewidth=7.0,
                                alpha=0.22, solid_capstyle="butt", label=_("γ from the slider (grey band)"))
        self.reference_curves = []
        for g, c in zip(self.gammas, colors):
            label = f"γ = {g:g}" + ((" (" + _("cross-entropy") + ")") if g == 0 else "")
            (line,) = ax.plot(self._pt_grid, self._focal(self._x_grid, g), color=c, linewidth=1.4, label=label)
            self.reference_curves.append(line)
        (self.marker,) = ax.plot([0.5], [0.5], "o", color=plots.COLORS["accent"], markersize=9,
                                 markeredgecolor="black", label=_("p_t from the slider"))
        self.dynamic(self.curve, *self.reference_curves, self.marker)
        ax.set_xlim(0, 1)
        ax.set_yscale("log")
        ax.set_ylim(1e-5, 10)
        ax.set_xlabel(_("p_t, probability of the true class"))
        ax.set_ylabel(_("loss [{unit}] (log scale)").format(unit=unit_label("nats")))
        handles, labels = ax.get_legend_handles_labels()   # the band first in the plot, last in the legend
        order = list(range(1, len(handles) - 1)) + [0, len(handles) - 1]
        ax.legend([handles[i] for i in order], [labels[i] for i in order], frameon=False, loc="lower left", fontsize=8)
        self.ax = ax

    def _update(self):
        g = float(self.gamma.value)
        pt = float(self.p_t.value)
        a = float(self.alpha.value)
        self.curve.set_ydata(self._focal(self._x_grid, g))
        x = _logit(np.array([pt]))
        fl = float(self._focal(x, g)[0])
        ce = float(losses.binary_cross_entropy_with_logits(x, np.ones(1), reduction="sum"))
        pos = float(losses.sigmoid_focal_loss(x, np.ones(1), alpha=a, gamma=g)[0])
        neg = float(losses.sigmoid_focal_loss(-x, np.zeros(1), alpha=a, gamma=g)[0])
        self.marker.set_data([pt], [fl])
        v = {
            "CE = −ln p_t": ce,
            "(1 − p_t)^γ": (1 - pt) ** g,
            "FL": fl,
            "CE / FL": ce / fl,
            "α_t·FL, positive": pos,
            "α_t·FL, negative": neg,
            "negative / positive weight": (1 - a) / a if a > 0 else np.inf,
        }
        self.values = v
        nats = unit_label("nats")
        out = {k: f"{_sig(val)} {nats}" for k, val in v.items()}
        out["(1 − p_t)^γ"] = _sig(v["(1 − p_t)^γ"])
        out["CE / FL"] = f"{_sig(v['CE / FL'])}×"
        for key in ("α_t·FL, positive", "α_t·FL, negative", "negative / positive weight"):
            out.pop(key)
        out[_("α_t·FL, positive (α_t = {a})").format(a=f"{a:g}")] = f"{_sig(pos)} {nats}"
        out[_("α_t·FL, negative (α_t = {a})").format(a=f"{1 - a:g}")] = f"{_sig(neg)} {nats}"
        out[_("negative / positive weight (1 − α)/α")] = f"{_sig(v['negative / positive weight'])}×"
        return out


class ContrastiveExplorer(Explorer):
    """InfoNCE as a classification over similarities, with the temperature on a slider.

    Left: the softmax of each row of :math:`S/\\tau`, with
    :math:`S_{nm} = \\cos(q_n, k_m)`: row n is the model's distribution over
    which key is query n's positive (the diagonal, outlined).  Right: each
    query's loss :math:`-\\ln \\mathrm{softmax}(S_n/\\tau)_n` in nats, with the
    uniform-guess level :math:`\\ln N`.  Readouts: the mean InfoNCE loss
    (:func:`lossnotes.losses.info_nce`), the mean probability of the positive
    key, and :math:`\\ln N`.

    Parameters
    ----------
    query, keys : array_like
        Embeddings of shape ``(N, D)`` each; ``keys[n]`` is the positive of
        ``query[n]``.
    temperature : float in [0.02, 2], default 0.1
        Starting temperature τ.

    Examples
    --------
    >>> import numpy as np
    >>> q = np.eye(3); k = np.eye(3) + 0.1
    >>> ex = ContrastiveExplorer(q, k, temperature=0.1)
    >>> print(ex.readouts["InfoNCE"])             # sharp: the positive wins every row
    2.427e-04 nats
    >>> ex.tau.value = 2.0; print(ex.readouts["InfoNCE"])   # flat: close to ln 3 = 1.0986
    0.8216 nats
    """

    figsize = (8.5, 3.4)
    caption = N_("Small τ sharpens every row towards its best match; large τ flattens them towards the ln N guess.")

    def __init__(self, query, keys, *, temperature=0.1, caption=None, title=None):
        q = as_float_array(query, "query", dtype=np.float64)
        k = as_float_array(keys, "keys", dtype=np.float64)
        if q.ndim != 2 or k.ndim != 2 or q.shape != k.shape:
            raise ValueError(
                _("query and keys must both have shape (N, D), the same; got {a} and {b}").format(a=q.shape, b=k.shape)
            )
        self.query, self.keys = q, k
        self.n = q.shape[0]
        # Cosine similarities, computed once (they do not depend on τ).
        qn = q / np.linalg.norm(q, axis=1, keepdims=True)
        kn = k / np.linalg.norm(k, axis=1, keepdims=True)
        self.similarity = qn @ kn.T
        self._targets = np.arange(self.n)
        self.tau = slider(_("τ (temperature)"), float(temperature), 0.02, 2.0, 0.01, unit=_("dimensionless"))
        super().__init__([self.tau], caption=caption, title=title)

    def _build(self):
        ax, axr = self.fig.subplots(1, 2, width_ratios=[1, 1.1])
        n = self.n
        self.image_artist = ax.imshow(np.zeros((n, n)), vmin=0, vmax=1, cmap="viridis")
        # The outlines are drawn after the (blitted) image, so they are dynamic too.
        outlines = [ax.add_patch(_diag_rect(i, plots.COLORS["accent"])) for i in range(n)]
        self.dynamic(self.image_artist, *outlines)
        ax.set_xticks(range(n), [f"k{j}" for j in range(n)])
        ax.set_yticks(range(n), [f"q{i}" for i in range(n)])
        ax.set_xlabel(_("key (diagonal = positive)"))
        ax.set_ylabel(_("query"))
        # The colour bar's meaning goes in the matrix's title: a label beside the bar would crowd the
        # loss panel's y-label.
        ax.set_title(_("softmax(S/τ), row by row [probability]"), fontsize=9)
        self.fig.colorbar(self.image_artist, ax=ax, shrink=0.9)
        plots.style_axes(axr)
        self.loss_bars = axr.bar(np.arange(n), np.zeros(n), 0.7, color=plots.COLORS["p"])
        self.dynamic(self.loss_bars)
        lnN = float(np.log(n))
        axr.axhline(lnN, color=plots.COLORS["grey"], linestyle=":", linewidth=1.2)
        axr.text(n - 0.5, lnN, f"ln N = {lnN:.3f}", ha="right", va="bottom", fontsize=8, color="#333333")
        axr.set_xticks(np.arange(n), [f"q{i}" for i in range(n)])
        axr.set_xlabel(_("query"))
        axr.set_ylabel(_("loss −ln p(positive) [{unit}]").format(unit=unit_label("nats")))
        axr.set_ylim(0, max(1.5 * lnN, 1.0))
        self.ax_matrix, self.ax_loss = ax, axr

    def _update(self):
        tau = float(self.tau.value)
        logits = self.similarity / tau
        probs = losses.softmax(logits, axis=1)
        self.image_artist.set_data(probs)
        per = losses.cross_entropy(logits, self._targets, reduction="none")
        ymax = self.ax_loss.get_ylim()[1]
        for bar, h in zip(self.loss_bars, per):
            bar.set_height(min(float(h), ymax))
        v = {
            "InfoNCE": float(np.mean(per)),
            "mean p(positive)": float(np.mean(np.diag(probs))),
            "ln N": float(np.log(self.n)),
        }
        self.values = v
        return {
            "InfoNCE": f"{_sig(v['InfoNCE'])} {unit_label('nats')}",
            _("mean p(positive)"): _sig(v["mean p(positive)"]),
            "ln N": f"{_sig(v['ln N'])} {unit_label('nats')}",
        }


def _diag_rect(i, color):
    """A square outline around the diagonal cell (i, i) of an image."""
    from matplotlib.patches import Rectangle

    return Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=color, linewidth=1.5)
