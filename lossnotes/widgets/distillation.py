r"""Explorers for knowledge distillation: temperature softmax, and the soft-target gradient.

* :class:`TemperatureExplorer` -- a teacher's logits through
  :math:`p_i = \exp(s\,v_i/T) / \sum_j \exp(s\,v_j/T)`; sliders for the
  temperature :math:`T` and a logit scale :math:`s`; live bars, and the
  entropy :math:`H(p_T)` in bits (or every class's probability) against T.
* :class:`DistillationGradientExplorer` -- the soft-target gradient
  :math:`(q - p)/T` times :math:`T^2`, next to its high-temperature limit
  :math:`(z - v)/C` (C classes), and the gradient norm with and without the
  :math:`T^2` factor.

Both run in the browser (:mod:`lossnotes.widgets._browser`): ``temperature.js`` and
``distillation_gradient.js`` compute with ``core.js`` (``js/maths/distill.js``, tied to
:mod:`lossnotes.gradients` and :mod:`lossnotes.losses` by ``tests/test_js_parity_distill.py``) and
draw SVG; a slider step never waits for the kernel.  Units: logits are log-odds in nats, T and s
are dimensionless, the gradients of a loss in nats with respect to a logit are pure numbers.

Introduced in notebook 08_knowledge_distillation.
"""

from __future__ import annotations

import math

import numpy as np
import traitlets

from .. import gradients, plots
from .. import information as info
from .. import losses
from .._validation import as_float_array
from ..i18n import N_, _, unit_label
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["TemperatureExplorer", "DistillationGradientExplorer"]

_CURVES = ("entropy", "probabilities")


def _logit_vector(x, name):
    v = as_float_array(x, name)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(_("{name} must be a 1-D vector of at least 2 logits, got shape {shape}").format(name=name, shape=v.shape))
    return v.astype(np.float64)


def _labels(labels, n, name="labels"):
    if labels is None:
        return [str(i) for i in range(n)]
    if isinstance(labels, str):
        raise TypeError(f"{name} must be a sequence of class names, got the string {labels!r}")
    labels = [str(s) for s in labels]
    if len(labels) != n:
        raise ValueError(_("{name} has {size} entries but there are {n} classes").format(name=name, size=len(labels), n=n))
    if len(set(labels)) != n:
        raise ValueError(f"{name} must be distinct (each names a readout), got {labels}")
    return labels


def _t_range(t_range, name="t_range"):
    try:
        lo, hi = (float(x) for x in t_range)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (T_min, T_max), got {t_range!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo < hi):
        raise ValueError(f"{name} must satisfy 0 < T_min < T_max (finite), got {t_range!r}")
    return [lo, hi]


def _in_range(value, lo, hi, name):
    if isinstance(value, bool):
        raise traitlets.TraitError(f"{name} must be a number, got {value!r}")
    x = float(value)
    if not (lo - 1e-9 <= x <= hi + 1e-9):
        raise traitlets.TraitError(f"{name} must be in [{lo:g}, {hi:g}], got {value!r}")
    return x


def _log_ticks(lo, hi):
    ticks = [t for t in (0.5, 1, 2, 5, 10, 20, 50, 100) if lo - 1e-9 <= t <= hi + 1e-9]
    return ticks, [f"{t:g}" for t in ticks]


class TemperatureExplorer(BrowserExplorer):
    r"""A teacher's softened distribution :math:`p_T = \mathrm{softmax}(s\,v/T)` and its entropy.

    Runs in the browser (``lossnotes/widgets/js/temperature.js``).  Left: bars of
    :math:`p_T` over the classes, with the dashed outline of the teacher's ordinary
    output (:math:`T = 1`, :math:`s = 1`) for comparison.  Right, against the
    temperature (log scale, for the current logit scale): the entropy :math:`H(p_T)`
    in **bits** with the maximum :math:`\log_2 C` dotted (``curves="entropy"``), or
    each class's probability (``curves="probabilities"``); the current T is marked.

    Temperature and logit scale act only through :math:`s/T`: doubling the
    scale is the same as halving the temperature.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    logits : array_like, shape (C,)
        The teacher's logits :math:`v` for one input, in nats (log-odds).
    labels : sequence of str, optional
        Distinct class names (default ``"0"``, ``"1"``, ...).
    temperature : float, default 1.0
        Starting temperature (dimensionless), in ``t_range``.
    scale : float, default 1.0
        Starting logit scale :math:`s` (dimensionless), in [0.25, 3].
    t_range : (float, float), default (0.5, 20)
        The temperature slider's range and the curves' T axis.
    curves : {'entropy', 'probabilities'}, default 'entropy'
        What the right-hand chart draws against T.
    show_scale : bool, default True
        Whether there is a slider for s (without it, s stays at ``scale``).
    caption, title : str, optional

    Attributes
    ----------
    T, s : float
        The current temperature and logit scale, synced with the browser: set them
        from Python (``ex.T = 4.0``) or read what the student dialled.
    logits, labels : list
        The teacher's logits and the class names.
    values : dict
        ``readouts(state)``: ``"H(p_T)"`` (bits), ``"s/T"``, and ``"p_T(<label>)"``
        per class.

    Examples
    --------
    >>> ex = TemperatureExplorer([2.0, 1.0, 0.0], temperature=1.0)
    >>> round(ex.values["H(p_T)"], 4)
    1.2009
    >>> ex.T = 20.0; round(ex.values["H(p_T)"], 4)        # nearly uniform: log2 3 = 1.585
    1.5838
    """

    _module = "temperature.js"
    T = traitlets.Float(1.0).tag(sync=True)
    s = traitlets.Float(1.0).tag(sync=True)
    logits = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    t_range = traitlets.List(traitlets.Float(), default_value=[0.5, 20.0]).tag(sync=True)
    curves = traitlets.Unicode("entropy").tag(sync=True)
    show_scale = traitlets.Bool(True).tag(sync=True)
    # The logits and labels are fixed, but readouts(state) needs them: they are part of the state.
    state_keys = ("T", "s", "logits", "labels")
    data_keys = ("t_range", "curves", "show_scale")
    default_caption = N_("Raising T flattens p_T: the top class loses mass to the wrong classes, "
                         "which keep their order, and H(p_T) climbs towards log2 C.")

    S_RANGE = (0.25, 3.0)

    def __init__(self, logits, labels=None, *, temperature=1.0, scale=1.0, t_range=(0.5, 20.0),
                 curves="entropy", show_scale=True, caption=None, title=None):
        v = _logit_vector(logits, "logits")
        labels = _labels(labels, v.size)
        t_range = _t_range(t_range)
        if curves not in _CURVES:
            raise ValueError(f"curves must be 'entropy' or 'probabilities', got {curves!r}")
        temperature = _in_range(temperature, *t_range, "temperature")
        scale = _in_range(scale, *self.S_RANGE, "scale")
        super().__init__(logits=v.tolist(), labels=labels, t_range=t_range, curves=curves,
                         show_scale=bool(show_scale), T=temperature, s=scale, caption=caption, title=title)

    @traitlets.validate("T")
    def _valid_T(self, proposal):
        lo, hi = self.t_range
        return _in_range(proposal["value"], lo, hi, "T")

    @traitlets.validate("s")
    def _valid_s(self, proposal):
        return _in_range(proposal["value"], *self.S_RANGE, "s")

    @traitlets.validate("logits")
    def _valid_logits(self, proposal):
        v = _logit_vector(proposal["value"], "logits")
        if self.labels and v.size != len(self.labels):
            raise traitlets.TraitError(f"logits must have {len(self.labels)} entries, got {v.size}")
        return v.tolist()

    @classmethod
    def readouts(cls, state):
        """H(p_T) in bits, s/T, and p_T of every class, for ``state`` ({T, s, logits, labels}).

        Examples
        --------
        >>> r = TemperatureExplorer.readouts({"T": 2.0, "s": 1.0, "logits": [0.0, 0.0], "labels": ["a", "b"]})
        >>> r
        {'H(p_T)': 1.0, 's/T': 0.5, 'p_T(a)': 0.5, 'p_T(b)': 0.5}
        """
        v = np.asarray(state["logits"], dtype=float)
        T, s = float(state["T"]), float(state["s"])
        p = losses.softmax(s * v / T)
        out = {"H(p_T)": float(info.entropy(p, base="bits")), "s/T": s / T}
        for label, pi in zip(state["labels"], p):
            out[f"p_T({label})"] = float(pi)
        return out

    @classmethod
    def static_figure(cls, state):
        """Bars of p_T (and of the teacher at T = 1), and H(p_T) or the probabilities against T."""
        v = np.asarray(state["logits"], dtype=float)
        labels = state["labels"]
        T, s = float(state["T"]), float(state["s"])
        lo, hi = state.get("t_range", (0.5, 20.0))
        curves = state.get("curves", "entropy")
        n = v.size
        p = losses.softmax(s * v / T)
        fig = plots.blank_figure((9.0, 3.4))
        ax, axr = fig.subplots(1, 2, width_ratios=[1.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        x = np.arange(n)
        ax.bar(x, losses.softmax(v), 0.8, fill=False, edgecolor=plots.COLORS["grey"], linestyle="--",
               linewidth=1.0, label=_("teacher at T = 1, s = 1"))
        ax.bar(x, p, 0.55, color=plots.COLORS["p"], label=_("p_T (softened)"))
        ax.set_xticks(x, labels)
        ax.set_ylim(0, 1)
        ax.set_xlabel(_("class"))
        ax.set_ylabel(_("probability"))
        ax.legend(frameon=False, loc="upper right", fontsize=8)

        grid = np.geomspace(lo, hi, 160)
        soft = losses.softmax(s * v[None, :] / grid[:, None], axis=-1)
        if curves == "entropy":
            hmax = math.log2(n)
            axr.axhline(hmax, color=plots.COLORS["grey"], linestyle=":", linewidth=1)
            axr.text(lo * 1.05, hmax * 0.985, _("max log2 C = {value} {unit}").format(
                value=f"{hmax:.3f}", unit=unit_label("bits")), va="top", fontsize=8, color="#555555")
            axr.plot(grid, info.entropy(soft, base="bits", axis=-1), color=plots.COLORS["p"], linewidth=2)
            h = cls.readouts(state)["H(p_T)"]
            axr.plot([T], [h], "o", color=plots.COLORS["accent"], markersize=8)
            axr.set_ylim(0, hmax * 1.08)
            axr.set_ylabel(_("entropy H(p_T) [{unit}]").format(unit=unit_label("bits")))
        else:
            styles = ("-", "--", ":", "-.")
            for k in range(n):
                color = plots.LINE_COLORS[k % len(plots.LINE_COLORS)]
                axr.plot(grid, soft[:, k], color=color, linestyle=styles[k % len(styles)], linewidth=2,
                         label=f"p_T({labels[k]})")
                axr.plot([T], [p[k]], "o", color=color, markeredgecolor="black", markersize=6)
            axr.set_ylim(0, 1.02)
            axr.set_ylabel(_("probability"))
            if n <= 6:
                axr.legend(frameon=False, loc="best", fontsize=8)
        axr.set_xscale("log")
        axr.set_xticks(*_log_ticks(lo, hi))
        axr.minorticks_off()
        axr.set_xlim(lo, hi)
        axr.set_xlabel(_("temperature T (log scale)"))
        return fig

    def summary(self):
        v = self.values
        lines = [f"TemperatureExplorer(T = {format_value(self.T, 2)}, s = {format_value(self.s, 2)})",
                 f"  H(p_T) = {format_value(v['H(p_T)'])} {unit_label('bits')}"
                 f" = {format_value(v['H(p_T)'] * math.log(2))} {unit_label('nats')}",
                 f"  s/T = {format_value(v['s/T'], 3)}"]
        lines += [f"  {k} = {format_value(val)}" for k, val in v.items() if k.startswith("p_T(")]
        return "\n".join(lines)


class DistillationGradientExplorer(BrowserExplorer):
    r"""The soft-target gradient :math:`\partial \ell/\partial z = (q - p)/T` across temperatures.

    Runs in the browser (``lossnotes/widgets/js/distillation_gradient.js``).  Left: per
    class, :math:`T^2\,\partial \ell/\partial z_i` (exact, blue) next to the
    high-temperature limit :math:`T^2 \cdot (z_i - v_i)/(C T^2) = (z_i - v_i)/C`
    (orange, hatched; zero-mean logits, C classes), which does not depend on T: as T
    grows the blue bars settle onto the orange ones.  Right (log-log): the gradient
    norm :math:`\|\partial \ell/\partial z\|`, which falls like :math:`1/T^2`, and
    :math:`T^2\|\partial \ell/\partial z\|`, which levels off -- the reason the soft
    loss is multiplied by :math:`T^2`.  :math:`\ell` is the soft-target cross-entropy
    (or KL: same gradient), in nats, and the logits are in nats too (log-odds), so the
    gradients are pure numbers.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    student_logits, teacher_logits : array_like, shape (C,)
        :math:`z` and :math:`v` for one input.
    labels : sequence of str, optional
    temperature : float, default 1.0
        Starting temperature, in ``t_range``.
    t_range : (float, float), default (1, 50)
    caption, title : str, optional

    Attributes
    ----------
    T : float
        The current temperature, synced with the browser.
    values : dict
        ``"|grad|"``, ``"T^2 |grad|"`` (pure numbers: a loss in nats differentiated
        by logits in nats) and ``"rel. error"`` (of the high-T limit, a fraction).

    Examples
    --------
    >>> ex = DistillationGradientExplorer([1.0, 0.0, -1.0], [0.0, 0.5, -0.5], temperature=20.0)
    >>> round(ex.values["T^2 |grad|"], 4)     # compare ||z - v|| / C = 0.4082
    0.4132
    """

    _module = "distillation_gradient.js"
    T = traitlets.Float(1.0).tag(sync=True)
    student_logits = traitlets.List(traitlets.Float()).tag(sync=True)
    teacher_logits = traitlets.List(traitlets.Float()).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    t_range = traitlets.List(traitlets.Float(), default_value=[1.0, 50.0]).tag(sync=True)
    state_keys = ("T", "student_logits", "teacher_logits")
    data_keys = ("labels", "t_range")
    default_caption = N_("T² × gradient settles onto the logit-matching limit (z − v)/C as T grows, "
                         "while the raw gradient shrinks like 1/T².")
    QUANTITIES = ("|grad|", "T^2 |grad|", "rel. error")

    def __init__(self, student_logits, teacher_logits, labels=None, *, temperature=1.0, t_range=(1.0, 50.0),
                 caption=None, title=None):
        z = _logit_vector(student_logits, "student_logits")
        v = _logit_vector(teacher_logits, "teacher_logits")
        if z.shape != v.shape:
            raise ValueError(
                _("student_logits and teacher_logits must have the same shape, got {a} and {b}").format(
                    a=z.shape, b=v.shape)
            )
        labels = _labels(labels, z.size)
        t_range = _t_range(t_range)
        temperature = _in_range(temperature, *t_range, "temperature")
        super().__init__(student_logits=z.tolist(), teacher_logits=v.tolist(), labels=labels, t_range=t_range,
                         T=temperature, caption=caption, title=title)

    @traitlets.validate("T")
    def _valid_T(self, proposal):
        lo, hi = self.t_range
        return _in_range(proposal["value"], lo, hi, "T")

    @traitlets.validate("student_logits", "teacher_logits")
    def _valid_logits(self, proposal):
        name = proposal["trait"].name
        v = _logit_vector(proposal["value"], name)
        if self.labels and v.size != len(self.labels):
            raise traitlets.TraitError(f"{name} must have {len(self.labels)} entries, got {v.size}")
        return v.tolist()

    @classmethod
    def readouts(cls, state):
        """‖∂ℓ/∂z‖, T²‖∂ℓ/∂z‖ and the relative error of the high-T limit, for ``state``.

        ``state`` is {T, student_logits, teacher_logits}; the gradient is
        :func:`lossnotes.gradients.distillation`, the limit
        :func:`lossnotes.gradients.distillation_high_temperature_limit`.

        Examples
        --------
        >>> r = DistillationGradientExplorer.readouts({"T": 1.0, "student_logits": [1.0, 0.0],
        ...                                            "teacher_logits": [0.0, 1.0]})
        >>> round(r["|grad|"], 4), r["|grad|"] == r["T^2 |grad|"]
        (0.6535, True)
        """
        z = np.asarray(state["student_logits"], dtype=float)
        v = np.asarray(state["teacher_logits"], dtype=float)
        T = float(state["T"])
        g = gradients.distillation(z, v, T)
        norm = float(np.linalg.norm(g))
        approx = gradients.distillation_high_temperature_limit(z, v, T)
        rel = float(np.linalg.norm(g - approx)) / norm if norm > 0 else 0.0
        return {"|grad|": norm, "T^2 |grad|": norm * T * T, "rel. error": rel}

    @staticmethod
    def _grid_quantities(z, v, grid):
        q = losses.softmax(z[None, :] / grid[:, None], axis=-1)
        p = losses.softmax(v[None, :] / grid[:, None], axis=-1)
        g = (q - p) / grid[:, None]
        return g, np.linalg.norm(g, axis=1)

    @classmethod
    def static_figure(cls, state):
        """Bars of T²·∂ℓ/∂z and of the limit (z − v)/C; the norms against T (log-log)."""
        z = np.asarray(state["student_logits"], dtype=float)
        v = np.asarray(state["teacher_logits"], dtype=float)
        T = float(state["T"])
        lo, hi = state.get("t_range", (1.0, 50.0))
        labels = state.get("labels") or [str(i) for i in range(z.size)]
        n = z.size
        grid = np.geomspace(lo, hi, 200)
        g_grid, norm = cls._grid_quantities(z, v, grid)
        scaled = norm * grid ** 2
        limit = np.asarray(gradients.distillation_high_temperature_limit(z, v, 1.0))
        g = gradients.distillation(z, v, T)
        c = plots.COLORS
        fig = plots.blank_figure((9.0, 3.4))
        ax, axr = fig.subplots(1, 2, width_ratios=[1.3, 1])
        plots.style_axes(ax)
        plots.style_axes(axr)
        x = np.arange(n)
        ax.bar(x - 0.2, g * T * T, 0.4, color=c["p"], label=_("T² · (q − p)/T  (exact)"))
        ax.bar(x + 0.2, limit, 0.4, color=c["q"], hatch="//", edgecolor="black", linewidth=0.4,
               label=_("limit (z − v)/C"))
        ax.axhline(0, color="#333333", linewidth=0.8)
        bars = g_grid * (grid ** 2)[:, None]
        low, high = min(bars.min(), limit.min()), max(bars.max(), limit.max())
        pad = 0.1 * (high - low or 1.0)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xticks(x, labels)
        ax.set_xlabel(_("class"))
        ax.set_ylabel(_("T² · ∂ℓ/∂z_i  [{unit}]").format(unit=_("unitless")))
        ax.legend(frameon=False, loc="best", fontsize=8)

        r = cls.readouts(state)
        axr.plot(grid, norm, color=c["p"], linewidth=2, label="‖∂ℓ/∂z‖")
        axr.plot(grid, scaled, color=c["accent"], linewidth=2, linestyle="--", label="T² ‖∂ℓ/∂z‖")
        axr.plot([T], [r["|grad|"]], "o", color=c["p"], markersize=7)
        axr.plot([T], [r["T^2 |grad|"]], "o", color=c["accent"], markersize=7)
        axr.set_xscale("log")
        axr.set_yscale("log")
        axr.set_xticks(*_log_ticks(lo, hi))
        axr.minorticks_off()
        axr.set_xlim(lo, hi)
        positive = np.concatenate([norm[norm > 0], scaled[scaled > 0]])
        if positive.size:
            axr.set_ylim(positive.min() / 2, positive.max() * 2)
        axr.set_xlabel(_("temperature T (log scale)"))
        axr.set_ylabel(_("gradient norm [{unit}]").format(unit=_("unitless")))
        axr.legend(frameon=False, loc="lower left", fontsize=8)
        return fig

    def summary(self):
        v = self.values
        return "\n".join([
            f"DistillationGradientExplorer(T = {format_value(self.T, 1)})",
            # A loss in nats differentiated by a logit in nats: a pure number, shown without a unit.
            f"  ‖∂ℓ/∂z‖ = {v['|grad|']:.3e}",
            f"  T²‖∂ℓ/∂z‖ = {format_value(v['T^2 |grad|'])}",
            f"  {_('error of (z−v)/(CT²)')} = {100 * v['rel. error']:.1f}%",
        ])
