"""Explorers for classification losses: logits to softmax to loss and gradient,
and the sigmoid gradients of cross-entropy against MSE.

* :class:`LogitExplorer` -- one slider per logit and a choice of the true class;
  bars of the softmax probabilities q beside the (optionally label-smoothed)
  target y, bars of the gradient q − y, and the live cross-entropy in nats and bits.
* :class:`SigmoidGradientExplorer` -- one slider for the logit z of a sigmoid
  output and a choice of the target; the two losses and the sizes of their
  gradients |∂L/∂z| against z, with markers at the chosen z.

Both run in the reader's browser (:mod:`lossnotes.widgets._browser`): the ES
modules ``js/logit.js`` and ``js/sigmoid_gradient.js`` compute with
``js/maths/gradients.js`` (a mirror of :mod:`lossnotes.gradients` and
:mod:`lossnotes.losses`, tied to them by ``tests/test_js_parity_gradients.py``)
and draw SVG; the classes here hold the state, compute the same readouts with
lossnotes and draw the static picture of the saved notebook.

Units, as everywhere in the course: logits are log-odds in nats, and the
gradient of a loss in nats with respect to a logit is a pure number (unitless).

Introduced in notebooks 05_cross_entropy_loss (:class:`LogitExplorer`) and
06_mse_vs_cross_entropy (:class:`SigmoidGradientExplorer`).
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from .. import gradients, losses, plots
from .._validation import as_float_array, check_scalar
from ..i18n import N_, _, unit_label
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["LogitExplorer", "SigmoidGradientExplorer"]

_LN2 = math.log(2.0)
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _signed(v, digits=4):
    return f"{v:+.{digits}f}".replace("-", "−")


def _class_index(value, C, name="true_class"):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value < C:
        raise ValueError(_("{name} must be a class index in [0, {last}], got {value}").format(
            name=name, last=C - 1, value=repr(value)))
    return int(value)


def _logit_state(state):
    """(z, k, ε, q, y, q − y, CE in nats) of a LogitExplorer state, computed with lossnotes."""
    z = np.asarray(state["logits"], dtype=float)
    C = z.size
    k = int(state["true_class"])
    eps = float(state.get("label_smoothing", 0.0))
    q = losses.softmax(z)
    y = np.full(C, eps / C)
    y[k] += 1.0 - eps
    g = gradients.softmax_cross_entropy(z, y)
    ce = float(losses.cross_entropy(z, k, label_smoothing=eps))
    return z, k, eps, q, y, g, ce


class LogitExplorer(BrowserExplorer):
    """Logit sliders → softmax bars, with the live cross-entropy and its gradient q − y.

    Runs in the browser (``lossnotes/widgets/js/logit.js``).  Left: the softmax
    probabilities q (blue bars) and the target y (orange dashed outlines:
    one-hot on the true class, or ``(1 − ε)·onehot + ε/C`` with label
    smoothing ε).  Right: the gradient of the loss with respect to each logit,
    q − y, which (without smoothing) is negative only for the true class (push
    its logit up) and largest in size when the model is confidently wrong.
    Readouts: the loss −Σ y log q in nats (natural log, as PyTorch's
    ``CrossEntropyLoss``) and in bits, the probability of the true class and
    its gradient.  Units: logits are log-odds in nats (the sliders' unit), and
    the gradient of a loss in nats with respect to a logit in nats is a pure
    number (unitless).

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
        Starting ε (the slider goes to 0.5, or to ε if larger).
    zmax : float > 0, default 8.0
        Slider range ``[-zmax, zmax]``.
    caption, title : str, optional

    Attributes
    ----------
    logits : list of float
        The current logits, synced with the browser (set them from Python, or
        read what the student dialled).
    true_class : int
    label_smoothing : float
    values : dict
        ``readouts(state)``: ``"CE [nats]"``, ``"CE [bits]"``, ``"q(true)"``
        and ``"∂L/∂z(true)"`` (floats).

    Examples
    --------
    >>> ex = LogitExplorer([2.0, 1.0, 0.1], true_class=0)
    >>> round(ex.values["CE [nats]"], 4), round(ex.values["CE [bits]"], 4)
    (0.417, 0.6016)
    >>> ex.logits = [0.0, 1.0, 0.1]        # the model stops favouring the true class
    >>> round(ex.values["CE [nats]"], 4), round(ex.values["∂L/∂z(true)"], 4)
    (1.5735, -0.7927)
    """

    _module = "logit.js"
    logits = traitlets.List(traitlets.Float()).tag(sync=True)
    true_class = traitlets.Int(0).tag(sync=True)
    label_smoothing = traitlets.Float(0.0).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    zmax = traitlets.Float(8.0).tag(sync=True)
    state_keys = ("logits", "true_class", "label_smoothing")
    data_keys = ("labels", "zmax")
    default_caption = N_("The gradient q − y pulls the true class up and every other class down, hardest when q is confidently wrong.")
    QUANTITIES = ("CE [nats]", "CE [bits]", "q(true)", "∂L/∂z(true)")

    def __init__(self, logits, true_class=0, labels=None, *, label_smoothing=0.0, zmax=8.0,
                 caption=None, title=None):
        zmax = check_scalar(zmax, "zmax", low=0.0, low_inclusive=False)
        z = self._check_logits(logits, zmax)
        C = z.size
        k = _class_index(true_class, C)
        eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0, high_inclusive=False)
        labels = [str(s) for s in labels] if labels is not None else [_("class {index}").format(index=i) for i in range(C)]
        if len(labels) != C:
            raise ValueError(_("labels has {n} names but there are {C} logits").format(n=len(labels), C=C))
        super().__init__(logits=z.tolist(), true_class=k, label_smoothing=eps, labels=labels, zmax=zmax,
                         caption=caption, title=title)

    @staticmethod
    def _check_logits(logits, zmax, size=None):
        z = as_float_array(logits, "logits")
        if z.ndim != 1 or not 2 <= z.size <= 8:
            raise ValueError(_("logits must be a 1-D sequence of 2 to 8 numbers, got shape {shape}").format(shape=z.shape))
        if size is not None and z.size != size:
            raise ValueError(_("logits must have {size} entries, got shape {shape}").format(size=size, shape=z.shape))
        if np.abs(z).max() > zmax:
            raise ValueError(_("logits must lie within ±zmax = ±{zmax}; got {value}").format(
                zmax=f"{zmax:g}", value=f"{np.abs(z).max():g}"))
        return z

    @traitlets.validate("logits")
    def _valid_logits(self, proposal):
        size = len(self.labels) if self.labels else None
        try:
            return self._check_logits(proposal["value"], self.zmax, size).tolist()
        except ValueError as err:
            raise traitlets.TraitError(str(err)) from None

    @traitlets.validate("true_class")
    def _valid_true_class(self, proposal):
        C = len(self.logits) if self.logits else 8
        try:
            return _class_index(proposal["value"], C)
        except ValueError as err:
            raise traitlets.TraitError(str(err)) from None

    @traitlets.validate("label_smoothing")
    def _valid_smoothing(self, proposal):
        try:
            return check_scalar(proposal["value"], "label_smoothing", low=0.0, high=1.0, high_inclusive=False)
        except (TypeError, ValueError) as err:
            raise traitlets.TraitError(str(err)) from None

    @classmethod
    def readouts(cls, state):
        """CE in nats and bits, q of the true class and its gradient, for ``state``.

        ``state`` is {logits, true_class, label_smoothing}; computed with
        :func:`lossnotes.losses.cross_entropy`, :func:`lossnotes.losses.softmax`
        and :func:`lossnotes.gradients.softmax_cross_entropy`.

        Examples
        --------
        >>> v = LogitExplorer.readouts({"logits": [0.0, 0.0], "true_class": 1, "label_smoothing": 0.0})
        >>> v["CE [bits]"], v["∂L/∂z(true)"]
        (1.0, -0.5)
        """
        z, k, eps, q, y, g, ce = _logit_state(state)
        return {"CE [nats]": ce, "CE [bits]": ce / _LN2, "q(true)": float(q[k]), "∂L/∂z(true)": float(g[k])}

    @classmethod
    def static_figure(cls, state):
        """Bars of q and the target y, and of the gradient q − y (the picture of the saved notebook)."""
        z, k, eps, q, y, g, ce = _logit_state(state)
        C = z.size
        labels = state.get("labels") or [_("class {index}").format(index=i) for i in range(C)]
        names = [f"{name} ✓" if i == k else name for i, name in enumerate(labels)]
        fig = plots.blank_figure((9.0, 3.4))
        ax, axg = fig.subplots(1, 2)
        plots.style_axes(ax)
        plots.style_axes(axg)
        x = np.arange(C)
        c = plots.COLORS
        ax.bar(x, q, 0.6, color=c["p"], label=_("q = softmax(z)"))
        ax.bar(x, y, 0.8, fill=False, edgecolor=c["q"], linewidth=2.2, linestyle="--", label=_("target y"))
        ax.set_ylim(0, 1.12)
        ax.set_xlim(-0.6, C - 0.4)
        ax.set_ylabel(_("probability"))
        ax.set_xlabel(_("class"))
        ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=9)
        axg.bar(x, g, 0.6, color=c["accent"])
        for i in x:
            axg.text(i, g[i] + (0.02 if g[i] >= 0 else -0.02), _signed(g[i], 3), ha="center",
                     va="bottom" if g[i] >= 0 else "top", fontsize=8)
        axg.axhline(0, color=c["grey"], linewidth=0.8)
        axg.set_ylim(-1.15, 1.15)
        axg.set_xlim(-0.6, C - 0.4)
        # a loss in nats differentiated with respect to a logit in nats: a pure number
        axg.set_ylabel(_("∂L/∂z  [unitless]"))
        axg.set_xlabel(_("class"))
        axg.set_title(_("gradient q − y (negative: raise this logit)"), fontsize=10)
        for a in (ax, axg):
            a.set_xticks(x, names, fontsize=8)
        return fig

    def summary(self):
        """Plain-text state and readouts; the true class is given by name and 0-based index."""
        z, k, eps, q, y, g, ce = _logit_state(self.state)
        zs = ", ".join(f"z{str(i).translate(_SUBSCRIPTS)} = {v:.2f}" for i, v in enumerate(z))
        head = "LogitExplorer({zs} [{unit}]; {state}; ε = {eps:.2f})".format(
            zs=zs, eps=eps, unit=unit_label("nats"),
            state=_("true class = {name} (index {index})").format(name=self.labels[k], index=k))
        v = self.readouts(self.state)
        lines = [head,
                 f"  CE = {format_value(ce)} {unit_label('nats')} = {format_value(ce / _LN2)} {unit_label('bits')}",
                 f"  {_('q(true)')} = {format_value(v['q(true)'])}",
                 "  q = (" + ", ".join(f"{x:.4f}" for x in q) + ")",
                 "  q − y = (" + ", ".join(_signed(x) for x in g) + ")"]
        return "\n".join(lines)


def _sigmoid_state(state):
    """(z, y, readouts) of a SigmoidGradientExplorer state, computed with lossnotes."""
    z = float(state["z"])
    t = int(state["y"])
    za, ta = np.array([z]), np.array([float(t)])
    yhat = float(losses._sigmoid(za)[0])
    ce = float(losses.binary_cross_entropy_with_logits(za, ta, reduction="none")[0])
    mse = 0.5 * (yhat - t) ** 2
    gce = float(gradients.sigmoid_bce(za, ta)[0])
    gmse = float(gradients.sigmoid_mse(za, ta)[0])
    s = yhat * (1 - yhat)
    ratio = 1.0 / s if s > 0 else math.inf
    return z, t, {"ŷ": yhat, "∂L_CE/∂z": gce, "∂L_½MSE/∂z": gmse, "ratio CE/½MSE": ratio,
                  "CE [nats]": ce, "½MSE": mse}


class SigmoidGradientExplorer(BrowserExplorer):
    """Cross-entropy against ½MSE for a sigmoid output ŷ = σ(z): losses and |∂L/∂z| over z.

    Runs in the browser (``lossnotes/widgets/js/sigmoid_gradient.js``).  Left:
    the two losses against the logit z (cross-entropy in nats on the left
    axis, ½(ŷ − y)² on the right axis).  Right: the size of each gradient,
    |∂L/∂z|, on a log scale: |ŷ − y| for cross-entropy and |ŷ − y|·ŷ(1 − ŷ)
    for ½MSE.  Markers show the chosen z; the readouts give ŷ, both gradients,
    their ratio 1 / (ŷ(1 − ŷ)) and both losses.  The target buttons switch
    between a positive (y = 1) and a negative (y = 0) example.  The logit z is
    a log-odds in nats; ∂L_CE/∂z is then a pure number.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    z : float, default -4.0
        Starting logit, within ``zlim``.
    y : {0, 1}, default 1
        Starting target.
    zlim : (float, float), default (-10, 10)
        Range of the slider and of the plots.
    caption, title : str, optional

    Attributes
    ----------
    z : float
        The current logit, synced with the browser.
    y : int
        The current target, 0 or 1.
    values : dict
        ``readouts(state)``: ``"ŷ"``, ``"∂L_CE/∂z"``, ``"∂L_½MSE/∂z"``,
        ``"ratio CE/½MSE"``, ``"CE [nats]"``, ``"½MSE"`` (floats).  The
        squared-error loss is **half** the squared error, ½(ŷ − y)², as
        everywhere in notebook 06; PyTorch's ``mse_loss`` (no ½) gives twice
        these values and gradients.

    Examples
    --------
    >>> ex = SigmoidGradientExplorer(z=-6.0, y=1)
    >>> round(ex.values["∂L_CE/∂z"], 4), round(ex.values["∂L_½MSE/∂z"], 4)
    (-0.9975, -0.0025)
    >>> ex.z = 0.0
    >>> ex.values["ratio CE/½MSE"]
    4.0
    """

    _module = "sigmoid_gradient.js"
    z = traitlets.Float(-4.0).tag(sync=True)
    y = traitlets.Int(1).tag(sync=True)
    zlim = traitlets.List(traitlets.Float(), minlen=2, maxlen=2).tag(sync=True)
    state_keys = ("z", "y")
    data_keys = ("zlim",)
    default_caption = N_("Confidently wrong (far left for y = 1): cross-entropy's gradient stays near 1, ½MSE's vanishes.")
    QUANTITIES = ("ŷ", "∂L_CE/∂z", "∂L_½MSE/∂z", "ratio CE/½MSE", "CE [nats]", "½MSE")

    def __init__(self, z=-4.0, y=1, *, zlim=(-10.0, 10.0), caption=None, title=None):
        try:
            lo, hi = zlim
        except (TypeError, ValueError):
            raise ValueError(_("zlim must be (low, high) with low < high, got {value}").format(value=repr(zlim))) from None
        lo, hi = check_scalar(lo, "zlim"), check_scalar(hi, "zlim")
        if not lo < hi:
            raise ValueError(_("zlim must be (low, high) with low < high, got {value}").format(value=repr(zlim)))
        z = check_scalar(z, "z", low=lo, high=hi)
        y = self._check_y(y)
        super().__init__(z=z, y=y, zlim=[lo, hi], caption=caption, title=title)

    @staticmethod
    def _check_y(y):
        if isinstance(y, bool) or y not in (0, 1):
            raise ValueError(_("y must be 0 or 1, got {value}").format(value=repr(y)))
        return int(y)

    @traitlets.validate("z")
    def _valid_z(self, proposal):
        lo, hi = self.zlim if self.zlim else (-math.inf, math.inf)
        try:
            return check_scalar(proposal["value"], "z", low=lo, high=hi)
        except (TypeError, ValueError) as err:
            raise traitlets.TraitError(str(err)) from None

    @traitlets.validate("y")
    def _valid_y(self, proposal):
        try:
            return self._check_y(proposal["value"])
        except ValueError as err:
            raise traitlets.TraitError(str(err)) from None

    @classmethod
    def readouts(cls, state):
        """ŷ, both gradients, their ratio and both losses for ``state`` ({z, y}).

        Computed with :func:`lossnotes.gradients.sigmoid_bce`,
        :func:`lossnotes.gradients.sigmoid_mse` and
        :func:`lossnotes.losses.binary_cross_entropy_with_logits`.

        Examples
        --------
        >>> SigmoidGradientExplorer.readouts({"z": 0.0, "y": 1})["∂L_½MSE/∂z"]
        -0.125
        """
        return _sigmoid_state(state)[2]

    @classmethod
    def static_figure(cls, state):
        """The losses (twin axes) and the gradient sizes (log scale) against z, marked at z."""
        z0, t, v = _sigmoid_state(state)
        lo, hi = state.get("zlim") or (-10.0, 10.0)
        grid = np.linspace(lo, hi, 401)
        tt = np.full_like(grid, float(t))
        yhat = losses._sigmoid(grid)
        ce = losses.binary_cross_entropy_with_logits(grid, tt, reduction="none")
        mse = 0.5 * (yhat - t) ** 2
        gce = np.abs(gradients.sigmoid_bce(grid, tt))
        gmse = np.abs(gradients.sigmoid_mse(grid, tt))
        c = plots.COLORS
        fig = plots.blank_figure((9.0, 3.4))
        ax, axg = fig.subplots(1, 2)
        plots.style_axes(ax)
        plots.style_axes(axg)
        ax2 = ax.twinx()
        ax2.spines["top"].set_visible(False)
        (l_ce,) = ax.plot(grid, ce, color=c["ce"], linewidth=2, label=_("CE [{unit}], left axis").format(unit=unit_label("nats")))
        (l_mse,) = ax2.plot(grid, mse, color=c["mse"], linewidth=2, linestyle="--", label=_("½MSE, right axis"))
        ax.plot([z0], [v["CE [nats]"]], "o", color=c["ce"], markersize=7)
        ax2.plot([z0], [v["½MSE"]], "s", color=c["mse"], markersize=7)
        ax.axvline(z0, color=c["grey"], linestyle=":", linewidth=1)
        ax.set_xlim(lo, hi)
        ax.set_ylim(0, max(abs(lo), abs(hi)) + 0.5)
        ax2.set_ylim(0, 0.55)
        ax.set_xlabel(_("logit z [{unit}]").format(unit=unit_label("nats")))
        ax.set_ylabel(_("cross-entropy [{unit}]").format(unit=unit_label("nats")), color=c["ce"])
        ax2.set_ylabel(_("½(ŷ − y)²  [unitless]"), color=c["mse"])
        ax.legend(handles=[l_ce, l_mse], frameon=False, loc="center right", fontsize=8)
        ax.set_title(_("loss"), fontsize=10)
        axg.plot(grid, gce, color=c["ce"], linewidth=2, label="CE: |ŷ − y|")
        axg.plot(grid, gmse, color=c["mse"], linewidth=2, linestyle="--", label="½MSE: |ŷ − y|·ŷ(1 − ŷ)")
        axg.plot([z0], [max(abs(v["∂L_CE/∂z"]), 1e-300)], "o", color=c["ce"], markersize=7)
        axg.plot([z0], [max(abs(v["∂L_½MSE/∂z"]), 1e-300)], "s", color=c["mse"], markersize=7)
        axg.axvline(z0, color=c["grey"], linestyle=":", linewidth=1)
        axg.set_yscale("log")
        axg.set_xlim(lo, hi)
        axg.set_ylim(1e-5, 2.0)
        axg.set_xlabel(_("logit z [{unit}]").format(unit=unit_label("nats")))
        axg.set_ylabel(_("|∂L/∂z|  (log scale)"))
        axg.legend(frameon=False, loc="lower center", fontsize=8)
        axg.set_title(_("size of the gradient"), fontsize=10)
        return fig

    def summary(self):
        """Plain-text state and readouts."""
        z, t, v = _sigmoid_state(self.state)
        lines = [f"SigmoidGradientExplorer(z = {z:.2f} [{unit_label('nats')}], y = {t})",
                 f"  ŷ = σ(z) = {format_value(v['ŷ'])}",
                 f"  ∂L_CE/∂z = {_signed(v['∂L_CE/∂z'])}",
                 f"  ∂L_½MSE/∂z = {_signed(v['∂L_½MSE/∂z'])}",
                 f"  {_('ratio CE/½MSE')} = {v['ratio CE/½MSE']:.1f}",
                 f"  CE = {format_value(v['CE [nats]'])} {unit_label('nats')}, ½MSE = {format_value(v['½MSE'])}"]
        return "\n".join(lines)
