"""Explorers for classification losses: logits to softmax to loss and gradient,
and the sigmoid gradients of cross-entropy against MSE.

* :class:`LogitExplorer` -- one slider per logit; bars of the softmax
  probabilities q beside the (optionally label-smoothed) target y, bars of the
  gradient q − y, and the live cross-entropy in nats and bits.
* :class:`SigmoidGradientExplorer` -- one slider for the logit z of a sigmoid
  output; the two losses and the sizes of their gradients |∂L/∂z| against z,
  with markers at the chosen z.

Both draw their figure once and update the changing artists in place (see
:mod:`lossnotes.widgets._base`).

Introduced in notebooks 05_cross_entropy_loss (:class:`LogitExplorer`) and
06_mse_vs_cross_entropy (:class:`SigmoidGradientExplorer`).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from .. import gradients, losses, plots
from .._validation import as_float_array, check_scalar
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, slider

__all__ = ["LogitExplorer", "SigmoidGradientExplorer"]

_LN2 = math.log(2.0)
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _signed(v, digits=4):
    return f"{v:+.{digits}f}".replace("-", "−")


class LogitExplorer(Explorer):
    """Logit sliders → softmax bars, with the live cross-entropy and its gradient q − y.

    Left: the softmax probabilities q (blue) and the target y (orange outline:
    one-hot on the true class, or ``(1 − ε)·onehot + ε/C`` with label
    smoothing ε).  Right: the gradient of the loss with respect to each logit,
    q − y, which (without smoothing) is negative only for the true class (push its logit up) and
    largest in size when the model is confidently wrong.  Readouts: the loss
    −Σ y log q in nats (natural log, as PyTorch's ``CrossEntropyLoss``) and in
    bits, the probability of the true class and the whole vector q.  Units, as
    everywhere in the course: logits are log-odds in nats (the sliders' unit),
    and the gradient of a loss in nats with respect to a logit in nats is a
    pure number (the gradient axis is labelled unitless).

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    logits : sequence of float
        Starting logits, one per class (2 to 8 classes), within ``±zmax``.
    true_class : int, default 0
        Index of the true class (0-based).
    labels : sequence of str, optional
        Class names (default ``class 0`` … ``class C−1``: 0-based, like the
        class indices of PyTorch and of the ``true_class`` argument).
    label_smoothing : float in [0, 1), default 0.0
        Starting ε.
    zmax : float > 0, default 8.0
        Slider range ``[-zmax, zmax]``.

    Attributes
    ----------
    logit_sliders : list of ipywidgets.FloatSlider
    true_class : ipywidgets.ToggleButtons
        ``.value`` is the 0-based index of the true class.
    smoothing : ipywidgets.FloatSlider
        Label smoothing ε.
    values : dict
        ``"CE [nats]"``, ``"CE [bits]"``, ``"q(true)"`` (floats) and ``"q"``,
        ``"y"``, ``"q − y"`` (arrays).

    Examples
    --------
    >>> ex = LogitExplorer([2.0, 1.0, 0.1], true_class=0)
    >>> ex.readouts["CE"]
    '0.4170 nats = 0.6016 bits'
    >>> ex.logit_sliders[0].value = 0.0        # the model stops favouring the true class
    >>> ex.readouts["CE"]
    '1.5735 nats = 2.2701 bits'
    >>> ex.values["q − y"].round(4)
    array([-0.7927,  0.5636,  0.2291])
    """

    figsize = (9.0, 3.4)
    caption = N_("The gradient q − y pulls the true class up and every other class down, hardest when q is confidently wrong.")

    def __init__(self, logits, true_class=0, labels=None, *, label_smoothing=0.0, zmax=8.0,
                 caption=None, title=None):
        z = as_float_array(logits, "logits")
        if z.ndim != 1 or not 2 <= z.size <= 8:
            raise ValueError(_("logits must be a 1-D sequence of 2 to 8 numbers, got shape {shape}").format(shape=z.shape))
        zmax = check_scalar(zmax, "zmax", low=0.0, low_inclusive=False)
        if np.abs(z).max() > zmax:
            raise ValueError(_("logits must lie within ±zmax = ±{zmax}; got {value}").format(
                zmax=f"{zmax:g}", value=f"{np.abs(z).max():g}"))
        C = z.size
        if isinstance(true_class, bool) or not isinstance(true_class, (int, np.integer)) or not 0 <= true_class < C:
            raise ValueError(_("true_class must be a class index in [0, {last}], got {value}").format(
                last=C - 1, value=repr(true_class)))
        eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0, high_inclusive=False)
        self.labels = list(labels) if labels is not None else [_("class {index}").format(index=i) for i in range(C)]
        if len(self.labels) != C:
            raise ValueError(_("labels has {n} names but there are {C} logits").format(n=len(self.labels), C=C))
        self.C = C
        self.logit_sliders = [
            slider(f"z{str(i).translate(_SUBSCRIPTS)}", float(v), -zmax, zmax, 0.1, unit="nats")
            for i, v in enumerate(z)
        ]
        self.true_class = widgets.ToggleButtons(
            options=[(name, i) for i, name in enumerate(self.labels)], value=int(true_class),
            description=_("true class"),
        )
        self.smoothing = slider(_("ε (label smoothing)"), eps, 0.0, 0.5, 0.01)
        self._shown_class = None
        super().__init__(self.logit_sliders + [self.true_class, self.smoothing], caption=caption, title=title)

    def _build(self):
        C = self.C
        ax, axg = self.fig.subplots(1, 2)
        plots.style_axes(ax)
        plots.style_axes(axg)
        x = np.arange(C)
        c = plots.COLORS
        self.bars_q = ax.bar(x, np.zeros(C), 0.6, color=c["p"], label=_("q = softmax(z)"))
        self.bars_y = ax.bar(x, np.zeros(C), 0.8, fill=False, edgecolor=c["q"], linewidth=2.2, label=_("target y"))
        ax.set_ylim(0, 1.12)
        ax.set_xlim(-0.6, C - 0.4)
        ax.set_ylabel(_("probability"))
        ax.set_xlabel(_("class"))
        ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=9)
        self.bars_g = axg.bar(x, np.zeros(C), 0.6, color=c["accent"])
        self.g_texts = [axg.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in x]
        axg.axhline(0, color=c["grey"], linewidth=0.8)
        axg.set_ylim(-1.15, 1.15)
        axg.set_xlim(-0.6, C - 0.4)
        # a loss in nats differentiated with respect to a logit in nats: a pure number
        axg.set_ylabel(_("∂L/∂z  [unitless]"))
        axg.set_xlabel(_("class"))
        axg.set_title(_("gradient q − y (negative: raise this logit)"), fontsize=10)
        self.ax_probs, self.ax_grad = ax, axg
        self.dynamic(self.bars_q, self.bars_y, self.bars_g, *self.g_texts)

    def _set_class_ticks(self, k):
        names = [f"{name} ✓" if i == k else name for i, name in enumerate(self.labels)]
        for a in (self.ax_probs, self.ax_grad):
            a.set_xticks(np.arange(self.C), names, fontsize=8)
        self._shown_class = k
        self.invalidate()

    def _update(self):
        k = int(self.true_class.value)
        if k != self._shown_class:
            self._set_class_ticks(k)
        z = np.array([s.value for s in self.logit_sliders], dtype=float)
        eps = float(self.smoothing.value)
        q = losses.softmax(z)
        y = np.full(self.C, eps / self.C)
        y[k] += 1.0 - eps
        g = gradients.softmax_cross_entropy(z, y)
        ce = float(losses.cross_entropy(z, k, label_smoothing=eps))
        for i in range(self.C):
            self.bars_q[i].set_height(q[i])
            self.bars_y[i].set_height(y[i])
            self.bars_g[i].set_height(g[i])
            self.g_texts[i].set_text(_signed(g[i], 3))
            self.g_texts[i].set_y(g[i] + 0.02 if g[i] >= 0 else g[i] - 0.02)
            self.g_texts[i].set_va("bottom" if g[i] >= 0 else "top")
        self.values = {
            "CE [nats]": ce,
            "CE [bits]": ce / _LN2,
            "q(true)": float(q[k]),
            "q": q,
            "y": y,
            "q − y": g,
        }
        return {
            "CE": f"{format_value(ce)} {unit_label('nats')} = {format_value(ce / _LN2)} {unit_label('bits')}",
            _("q(true)"): format_value(q[k]),
            "q": "(" + ", ".join(f"{v:.4f}" for v in q) + ")",
            "q − y": "(" + ", ".join(_signed(v) for v in g) + ")",
        }

    def summary(self):
        """Plain-text state; the true class is given by name and 0-based index."""
        k = int(self.true_class.value)
        zs = ", ".join(f"{s.description.split(' ')[0]} = {s.value:.2f}" for s in self.logit_sliders)
        head = "LogitExplorer({zs} [{unit}]; {state}; ε = {eps:.2f})".format(
            zs=zs, eps=self.smoothing.value, unit=unit_label("nats"),
            state=_("true class = {name} (index {index})").format(name=self.labels[k], index=k))
        return "\n".join([head] + [f"  {key} = {val}" for key, val in self.readouts.items()])


class SigmoidGradientExplorer(Explorer):
    """Cross-entropy against ½MSE for a sigmoid output ŷ = σ(z): losses and |∂L/∂z| over z.

    Left: the two losses against the logit z (cross-entropy in nats on the
    left axis, ½(ŷ − y)² on the right axis).  Right: the size of each
    gradient, |∂L/∂z|, on a log scale: |ŷ − y| for cross-entropy and
    |ŷ − y|·ŷ(1 − ŷ) for ½MSE.  Markers show the chosen z; the readouts give
    ŷ, both gradients and their ratio 1 / (ŷ(1 − ŷ)).  The target toggle
    switches between a positive (y = 1) and a negative (y = 0) example.  The
    logit z is a log-odds in nats; ∂L_CE/∂z is then a pure number.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    z : float, default -4.0
        Starting logit, within ``zlim``.
    y : {0, 1}, default 1
        Starting target.
    zlim : (float, float), default (-10, 10)
        Range of the slider and of the plots.

    Attributes
    ----------
    z : ipywidgets.FloatSlider
    target : ipywidgets.ToggleButtons
        ``.value`` is 0 or 1.
    values : dict
        ``"ŷ"``, ``"∂L_CE/∂z"``, ``"∂L_½MSE/∂z"``, ``"ratio CE/½MSE"``,
        ``"CE [nats]"``, ``"½MSE"`` (floats).  The squared-error loss is
        **half** the squared error, ½(ŷ − y)², as everywhere in notebook 06;
        PyTorch's ``mse_loss`` (no ½) gives twice these values and gradients.

    Examples
    --------
    >>> ex = SigmoidGradientExplorer(z=-6.0, y=1)
    >>> ex.readouts["∂L_CE/∂z"], ex.readouts["∂L_½MSE/∂z"]
    ('−0.9975', '−0.0025')
    >>> ex.z.value = 0.0
    >>> ex.values["ratio CE/½MSE"]
    4.0
    """

    figsize = (9.0, 3.4)
    caption = N_("Confidently wrong (far left for y = 1): cross-entropy's gradient stays near 1, ½MSE's vanishes.")

    def __init__(self, z=-4.0, y=1, *, zlim=(-10.0, 10.0), caption=None, title=None):
        lo, hi = (check_scalar(v, "zlim") for v in zlim)
        if not lo < hi:
            raise ValueError(_("zlim must be (low, high) with low < high, got {value}").format(value=repr(zlim)))
        z = check_scalar(z, "z", low=lo, high=hi)
        if y not in (0, 1) or isinstance(y, bool):
            raise ValueError(_("y must be 0 or 1, got {value}").format(value=repr(y)))
        self.zlim = (lo, hi)
        self.grid = np.linspace(lo, hi, 401)
        # Everything that does not depend on the slider is computed once, for both targets.
        self._curves = {}
        for t in (0, 1):
            tt = np.full_like(self.grid, float(t))
            yhat = losses.softmax(np.stack([np.zeros_like(self.grid), self.grid]), axis=0)[1]
            self._curves[t] = {
                "ce": losses.binary_cross_entropy_with_logits(self.grid, tt, reduction="none"),
                "mse": 0.5 * (yhat - t) ** 2,
                "gce": np.abs(gradients.sigmoid_bce(self.grid, tt)),
                "gmse": np.abs(gradients.sigmoid_mse(self.grid, tt)),
            }
        self.z = slider("z", z, lo, hi, 0.1, unit="nats")
        self.target = widgets.ToggleButtons(options=[("y = 0", 0), ("y = 1", 1)], value=int(y), description=_("target"))
        self._shown_target = None
        super().__init__([self.z, self.target], caption=caption, title=title)

    def _build(self):
        c = plots.COLORS
        ax, axg = self.fig.subplots(1, 2)
        plots.style_axes(ax)
        plots.style_axes(axg)
        ax2 = ax.twinx()
        ax2.spines["top"].set_visible(False)
        g = self.grid
        (self.line_ce,) = ax.plot(g, np.zeros_like(g), color=c["ce"], linewidth=2, label=_("CE [{unit}], left axis").format(unit=unit_label("nats")))
        (self.line_mse,) = ax2.plot(g, np.zeros_like(g), color=c["mse"], linewidth=2, label=_("½MSE, right axis"))
        (self.pt_ce,) = ax.plot([0], [0], "o", color=c["ce"], markersize=7)
        (self.pt_mse,) = ax2.plot([0], [0], "o", color=c["mse"], markersize=7)
        self.vline = ax.axvline(0, color=c["grey"], linestyle=":", linewidth=1)
        ax.set_xlim(*self.zlim)
        ax.set_ylim(0, max(abs(v) for v in self.zlim) + 0.5)
        ax2.set_ylim(0, 0.55)
        ax.set_xlabel(_("logit z [{unit}]").format(unit=unit_label("nats")))
        ax.set_ylabel(_("cross-entropy [{unit}]").format(unit=unit_label("nats")), color=c["ce"])
        ax2.set_ylabel(_("½(ŷ − y)²  [unitless]"), color=c["mse"])
        ax.legend(handles=[self.line_ce, self.line_mse], frameon=False, loc="center right", fontsize=8)
        ax.set_title(_("loss"), fontsize=10)

        (self.gline_ce,) = axg.plot(g, np.ones_like(g), color=c["ce"], linewidth=2, label="CE: |ŷ − y|")
        (self.gline_mse,) = axg.plot(g, np.ones_like(g), color=c["mse"], linewidth=2,
                                     label="½MSE: |ŷ − y|·ŷ(1 − ŷ)")
        (self.gpt_ce,) = axg.plot([0], [1], "o", color=c["ce"], markersize=7)
        (self.gpt_mse,) = axg.plot([0], [1], "o", color=c["mse"], markersize=7)
        self.gvline = axg.axvline(0, color=c["grey"], linestyle=":", linewidth=1)
        axg.set_yscale("log")
        axg.set_xlim(*self.zlim)
        axg.set_ylim(1e-5, 2.0)
        axg.set_xlabel(_("logit z [{unit}]").format(unit=unit_label("nats")))
        axg.set_ylabel(_("|∂L/∂z|  (log scale)"))
        axg.legend(frameon=False, loc="lower center", fontsize=8)
        axg.set_title(_("size of the gradient"), fontsize=10)
        self.ax_loss, self.ax_mse, self.ax_grad = ax, ax2, axg
        self.dynamic(self.line_ce, self.line_mse, self.gline_ce, self.gline_mse,
                     self.pt_ce, self.pt_mse, self.gpt_ce, self.gpt_mse, self.vline, self.gvline)

    def _update(self):
        t = int(self.target.value)
        cur = self._curves[t]
        if t != self._shown_target:
            self.line_ce.set_ydata(cur["ce"])
            self.line_mse.set_ydata(cur["mse"])
            self.gline_ce.set_ydata(cur["gce"])
            self.gline_mse.set_ydata(cur["gmse"])
            self._shown_target = t
        z = float(self.z.value)
        za = np.array([z])
        ta = np.array([float(t)])
        yhat = float(losses.softmax(np.array([0.0, z]))[1])
        ce = float(losses.binary_cross_entropy_with_logits(za, ta))
        mse = 0.5 * (yhat - t) ** 2
        gce = float(gradients.sigmoid_bce(za, ta)[0])
        gmse = float(gradients.sigmoid_mse(za, ta)[0])
        self.pt_ce.set_data([z], [ce])
        self.pt_mse.set_data([z], [mse])
        self.gpt_ce.set_data([z], [max(abs(gce), 1e-300)])
        self.gpt_mse.set_data([z], [max(abs(gmse), 1e-300)])
        self.vline.set_xdata([z, z])
        self.gvline.set_xdata([z, z])
        s = yhat * (1 - yhat)
        ratio = 1.0 / s if s > 0 else math.inf
        self.values = {"ŷ": yhat, "∂L_CE/∂z": gce, "∂L_½MSE/∂z": gmse, "ratio CE/½MSE": ratio,
                       "CE [nats]": ce, "½MSE": mse}
        return {
            "ŷ = σ(z)": format_value(yhat),
            "∂L_CE/∂z": _signed(gce),
            "∂L_½MSE/∂z": _signed(gmse),
            _("ratio CE/½MSE"): f"{ratio:.1f}",
        }
