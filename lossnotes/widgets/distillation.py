r"""Explorers for knowledge distillation: temperature softmax, and the soft-target gradient.

* :class:`TemperatureExplorer` -- a teacher's logits through
  :math:`p_i = \exp(s\,v_i/T) / \sum_j \exp(s\,v_j/T)`; sliders for the
  temperature :math:`T` and a logit scale :math:`s`; live bars and the
  entropy :math:`H(p_T)` in bits.
* :class:`DistillationGradientExplorer` -- the soft-target gradient
  :math:`(q - p)/T` times :math:`T^2`, next to its high-temperature limit
  :math:`(z - v)/C` (C classes), and the gradient norm with and without the
  :math:`T^2` factor.

Introduced in notebook 08_knowledge_distillation.
"""

from __future__ import annotations

import math

import numpy as np

from .. import gradients, plots
from .._validation import as_float_array
from ..losses import _softmax
from ..i18n import N_, _, unit_label
from ._base import Explorer, format_value, slider

__all__ = ["TemperatureExplorer", "DistillationGradientExplorer"]


def _logit_vector(x, name):
    v = as_float_array(x, name)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(_("{name} must be a 1-D vector of at least 2 logits, got shape {shape}").format(name=name, shape=v.shape))
    return v.astype(np.float64)


def _labels(labels, n, name="labels"):
    if labels is None:
        return [str(i) for i in range(n)]
    labels = [str(s) for s in labels]
    if len(labels) != n:
        raise ValueError(_("{name} has {size} entries but there are {n} classes").format(name=name, size=len(labels), n=n))
    return labels


def _entropy_bits(p, axis=-1):
    """H in bits of (rows of) strictly positive-or-zero probabilities, 0 log 0 = 0, no warnings."""
    logp = np.log2(np.where(p > 0, p, 1.0))
    return -np.sum(p * logp, axis=axis)


class TemperatureExplorer(Explorer):
    r"""A teacher's softened distribution :math:`p_T = \mathrm{softmax}(s\,v/T)` and its entropy.

    Left: bars of :math:`p_T` over the classes, with the outline of the
    teacher's ordinary output (:math:`T = 1`, :math:`s = 1`) for comparison.
    Right: the entropy :math:`H(p_T)` in **bits** as a function of the
    temperature (for the current logit scale), the current point marked and
    the maximum :math:`\log_2 C` (uniform distribution) dotted.

    Temperature and logit scale act only through :math:`s/T`: doubling the
    scale is the same as halving the temperature.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    logits : array_like, shape (C,)
        The teacher's logits :math:`v` for one input.
    labels : sequence of str, optional
        Class names (default ``"0"``, ``"1"``, ...).
    temperature : float, default 1.0
        Starting temperature, in [0.5, 20].
    scale : float, default 1.0
        Starting logit scale :math:`s`, in [0.25, 3].

    Attributes
    ----------
    T, s : ipywidgets.FloatSlider
        The sliders.
    bars : matplotlib.container.BarContainer
        The bars of :math:`p_T`.
    values : dict
        ``"H(p_T)"`` (bits), ``"H(p_T) nats"``, ``"p_max"``, ``"s/T"``.

    Examples
    --------
    >>> ex = TemperatureExplorer([2.0, 1.0, 0.0], temperature=1.0)
    >>> round(ex.values["H(p_T)"], 4)
    1.2009
    >>> ex.T.value = 20.0; round(ex.values["H(p_T)"], 4)        # nearly uniform: log2 3 = 1.585
    1.5838
    """

    figsize = (9.0, 3.4)
    caption = N_("Raising T flattens p_T: the top class loses mass to the wrong classes, "
                 "which keep their order, and H(p_T) climbs towards log2 C.")

    T_RANGE = (0.5, 20.0)
    S_RANGE = (0.25, 3.0)

    def __init__(self, logits, labels=None, *, temperature=1.0, scale=1.0, caption=None, title=None):
        self.v = _logit_vector(logits, "logits")
        self.labels = _labels(labels, self.v.size)
        self.T = slider(_("T (temperature)"), float(temperature), *self.T_RANGE, 0.1)
        self.s = slider(_("s (logit scale)"), float(scale), *self.S_RANGE, 0.05)
        self._grid = np.geomspace(self.T_RANGE[0], self.T_RANGE[1], 160)
        super().__init__([self.T, self.s], caption=caption, title=title)

    def _build(self):
        n = self.v.size
        ax, axr = self.fig.subplots(1, 2, width_ratios=[1.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        x = np.arange(n)
        p1 = _softmax(self.v, 0)
        ax.bar(x, p1, 0.8, fill=False, edgecolor=plots.COLORS["grey"], linestyle="--",
               linewidth=1.0, label=_("teacher at T = 1, s = 1"))
        self.bars = ax.bar(x, p1, 0.55, color=plots.COLORS["p"], label=_("p_T (softened)"))
        self.dynamic(self.bars)
        ax.set_xticks(x, self.labels)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("class"))
        ax.set_ylabel(_("probability"))
        ax.legend(frameon=False, loc="upper right", fontsize=8)
        self.ax_bars = ax

        hmax = math.log2(n)
        axr.axhline(hmax, color=plots.COLORS["grey"], linestyle=":", linewidth=1)
        axr.text(self.T_RANGE[0] * 1.05, hmax * 0.985, _("max log2 C = {value} {unit}").format(value=f"{hmax:.3f}", unit=unit_label("bits")),
                 va="top", fontsize=8, color="#555555")
        (self.h_line,) = axr.plot(self._grid, np.zeros_like(self._grid), color=plots.COLORS["p"],
                                  linewidth=2)
        (self.h_point,) = axr.plot([1.0], [0.0], "o", color=plots.COLORS["accent"], markersize=8)
        self.dynamic(self.h_line, self.h_point)
        axr.set_xscale("log")
        axr.set_xticks([0.5, 1, 2, 5, 10, 20], ["0.5", "1", "2", "5", "10", "20"])
        axr.set_xlim(*self.T_RANGE)
        axr.set_ylim(0, hmax * 1.08)
        axr.set_xlabel(_("temperature T (log scale)"))
        axr.set_ylabel(_("entropy H(p_T) [{unit}]").format(unit=unit_label("bits")))
        self.ax_entropy = axr

    def _update(self):
        T, s = float(self.T.value), float(self.s.value)
        p = _softmax(s * self.v / T, 0)
        for bar, h in zip(self.bars, p):
            bar.set_height(h)
        curve = _entropy_bits(_softmax(s * self.v[None, :] / self._grid[:, None], 1), axis=1)
        self.h_line.set_ydata(curve)
        h = float(_entropy_bits(p))
        self.h_point.set_data([T], [h])
        top = int(np.argmax(p))
        order = np.argsort(-p, kind="stable")
        runner = int(order[1])
        self.values = {
            "H(p_T)": h,
            "H(p_T) nats": h * math.log(2),
            "p_max": float(p[top]),
            "s/T": s / T,
        }
        return {
            "H(p_T)": f"{format_value(h)} {unit_label('bits')} = {format_value(h * math.log(2))} {unit_label('nats')}",
            _("largest"): f"p({self.labels[top]}) = {format_value(p[top])}",
            _("runner-up"): f"p({self.labels[runner]}) = {format_value(p[runner])}",
            "s/T": format_value(s / T, 3),
        }


class DistillationGradientExplorer(Explorer):
    r"""The soft-target gradient :math:`\partial \ell/\partial z = (q - p)/T` across temperatures.

    Left: per class, :math:`T^2\,\partial \ell/\partial z_i` (exact, blue) next
    to the high-temperature limit :math:`T^2 \cdot (z_i - v_i)/(C T^2) =
    (z_i - v_i)/C` (orange, zero-mean logits, C classes), which does not
    depend on T: as T grows the blue bars settle onto the orange ones.
    Right (log-log): the gradient norm :math:`\|\partial \ell/\partial z\|`,
    which falls like :math:`1/T^2`, and :math:`T^2\|\partial \ell/\partial z\|`,
    which levels off -- the reason the soft loss is multiplied by :math:`T^2`.
    :math:`\ell` is the soft-target cross-entropy (or KL: same gradient), in
    nats, and the logits are in nats too (log-odds), so the gradients are pure
    numbers.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (C,)
        :math:`z` and :math:`v` for one input.
    labels : sequence of str, optional
    temperature : float, default 1.0
        Starting temperature, in [1, 50].

    Attributes
    ----------
    T : ipywidgets.FloatSlider
    bars_exact : matplotlib.container.BarContainer
        Heights :math:`T^2 (q - p)/T`.
    values : dict
        ``"|grad|"``, ``"T^2 |grad|"`` (pure numbers: a loss in nats
        differentiated by logits in nats) and
        ``"rel. error"`` (of the high-T limit, a fraction).

    Examples
    --------
    >>> ex = DistillationGradientExplorer([1.0, 0.0, -1.0], [0.0, 0.5, -0.5], temperature=20.0)
    >>> round(ex.values["T^2 |grad|"], 4)     # compare ||z - v|| / C = 0.4082
    0.4132
    """

    figsize = (9.0, 3.4)
    caption = N_("T² × gradient settles onto the logit-matching limit (z − v)/C as T grows, "
                 "while the raw gradient shrinks like 1/T².")

    T_RANGE = (1.0, 50.0)

    def __init__(self, student_logits, teacher_logits, labels=None, *, temperature=1.0,
                 caption=None, title=None):
        self.z = _logit_vector(student_logits, "student_logits")
        self.v = _logit_vector(teacher_logits, "teacher_logits")
        if self.z.shape != self.v.shape:
            raise ValueError(
                _("student_logits and teacher_logits must have the same shape, got {a} and {b}").format(
                    a=self.z.shape, b=self.v.shape)
            )
        self.labels = _labels(labels, self.z.size)
        self.T = slider(_("T (temperature)"), float(temperature), *self.T_RANGE, 0.5)
        self._grid = np.geomspace(self.T_RANGE[0], self.T_RANGE[1], 200)
        # Exact gradients (q - p)/T over the grid of temperatures (one row each), computed once.
        q = _softmax(self.z[None, :] / self._grid[:, None], 1)
        p = _softmax(self.v[None, :] / self._grid[:, None], 1)
        g = (q - p) / self._grid[:, None]
        self._norm = np.linalg.norm(g, axis=1)
        self._scaled = self._norm * self._grid ** 2
        self.limit = np.asarray(gradients.distillation_high_temperature_limit(self.z, self.v, 1.0))
        super().__init__([self.T], caption=caption, title=title)

    def _build(self):
        n = self.z.size
        ax, axr = self.fig.subplots(1, 2, width_ratios=[1.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        x = np.arange(n)
        ax.bar(x + 0.2, self.limit, 0.4, color=plots.COLORS["q"], label=_("limit (z − v)/C"))
        self.bars_exact = ax.bar(x - 0.2, np.zeros(n), 0.4, color=plots.COLORS["p"],
                                 label=_("T² · (q − p)/T  (exact)"))
        self.dynamic(self.bars_exact)
        ax.axhline(0, color="#333333", linewidth=0.8)
        # Fixed limits that hold every T in the slider's range.
        scaled = (_softmax(self.z[None, :] / self._grid[:, None], 1)
                  - _softmax(self.v[None, :] / self._grid[:, None], 1)) * self._grid[:, None]
        lo = min(scaled.min(), self.limit.min())
        hi = max(scaled.max(), self.limit.max())
        pad = 0.1 * (hi - lo or 1.0)
        ax.set_ylim(lo - pad, hi + pad)
        ax.set_xticks(x, self.labels)
        ax.set_xlabel(_("class"))
        ax.set_ylabel(_("T² · ∂ℓ/∂z_i  [{unit}]").format(unit=_("unitless")))
        ax.legend(frameon=False, loc="best", fontsize=8)
        self.ax_bars = ax

        c = plots.COLORS
        axr.plot(self._grid, self._norm, color=c["p"], linewidth=2, label="‖∂ℓ/∂z‖")
        axr.plot(self._grid, self._scaled, color=c["accent"], linewidth=2, label="T² ‖∂ℓ/∂z‖")
        (self.pt_norm,) = axr.plot([1.0], [self._norm[0]], "o", color=c["p"], markersize=7)
        (self.pt_scaled,) = axr.plot([1.0], [self._scaled[0]], "o", color=c["accent"], markersize=7)
        self.dynamic(self.pt_norm, self.pt_scaled)
        axr.set_xscale("log")
        axr.set_yscale("log")
        axr.set_xticks([1, 2, 5, 10, 20, 50], ["1", "2", "5", "10", "20", "50"])
        axr.set_xlim(*self.T_RANGE)
        ymin = min(self._norm.min(), self._scaled.min())
        ymax = max(self._norm.max(), self._scaled.max())
        axr.set_ylim(ymin / 2, ymax * 2)
        axr.set_xlabel(_("temperature T (log scale)"))
        axr.set_ylabel(_("gradient norm [{unit}]").format(unit=_("unitless")))
        axr.legend(frameon=False, loc="lower left", fontsize=8)
        self.ax_norm = axr

    def _update(self):
        T = float(self.T.value)
        q = _softmax(self.z / T, 0)
        p = _softmax(self.v / T, 0)
        g = (q - p) / T
        for bar, h in zip(self.bars_exact, g * T * T):
            bar.set_height(h)
        norm = float(np.linalg.norm(g))
        approx = self.limit / (T * T)
        rel = float(np.linalg.norm(g - approx) / norm) if norm > 0 else 0.0
        self.pt_norm.set_data([T], [norm])
        self.pt_scaled.set_data([T], [norm * T * T])
        self.values = {"|grad|": norm, "T^2 |grad|": norm * T * T, "rel. error": rel}
        return {
            # A loss in nats differentiated by a logit in nats: a pure number, shown without a unit.
            "‖∂ℓ/∂z‖": f"{norm:.3e}",
            "T²‖∂ℓ/∂z‖": format_value(norm * T * T),
            _("error of (z−v)/(CT²)"): f"{100 * rel:.1f}%",
        }
