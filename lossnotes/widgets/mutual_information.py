"""An explorer on a joint table: joint and conditional entropy, mutual information (imports ipywidgets).

:class:`JointTableExplorer` puts one slider on every cell of a joint table
p(x, y) (the cells always sum to 1, see :mod:`lossnotes.widgets.editor`), shows
the table as a heat map with its marginals, and draws the information diagram
as three bars: H(X, Y) split into H(X | Y), I(X; Y) and H(Y | X), with H(X) and
H(Y) above the parts they are made of.  A button replaces the table by the
product of its marginals, the independent table with the same p(x) and p(y).

Introduced in notebook ``04_kl_and_js_divergence``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Patch

from .. import information as info
from .. import plots
from ..i18n import N_, _
from ._base import Explorer, format_value
from .editor import ProbabilityEditor

__all__ = ["JointTableExplorer"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class JointTableExplorer(Explorer):
    """Sliders for a joint table p(x, y); live H(X), H(Y), H(X,Y), H(Y|X), H(X|Y) and I(X;Y).

    X indexes the rows (second-to-last axis), Y the columns (last axis), as in
    :func:`lossnotes.information.mutual_information`.  Every readout is
    computed by :mod:`lossnotes.information`, in bits.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Parameters
    ----------
    pxy : array_like, shape (m, n)
        The starting joint table (2 <= m, n <= 4), entries >= 0 summing to 1.
    x_labels, y_labels : sequence of str, optional
        Names of the values of X and of Y (default x₁, x₂, … and y₁, y₂, …).

    Attributes
    ----------
    editor : ProbabilityEditor
        The cell sliders, row by row: p(x₁, y₁), p(x₁, y₂), …
    independent_button : ipywidgets.Button
        Replaces the table by p(x) p(y) (then I(X; Y) = 0).

    Examples
    --------
    >>> ex = JointTableExplorer([[0.4, 0.1], [0.1, 0.4]])
    >>> round(ex.values["I(X;Y)"], 4), round(ex.values["H(Y|X)"], 4)
    (0.2781, 0.7219)
    >>> ex.independent_button.click(); ex.values["I(X;Y)"]
    0.0
    """

    figsize = (8.4, 3.3)
    caption = N_("Bars: H(X,Y) = H(X|Y) + I(X;Y) + H(Y|X). H(X) and H(Y) overlap exactly "
                 "in I(X;Y), the bits one variable tells about the other.")

    _ROWS = ("H(X,Y)", "H(X)", "H(Y)")

    def __init__(self, pxy, x_labels=None, y_labels=None, *, caption=None, title=None):
        table = info._joint_table(pxy).astype(float)
        if table.ndim != 2 or not (2 <= table.shape[0] <= 4 and 2 <= table.shape[1] <= 4):
            raise ValueError(_("pxy must be one table with 2 to 4 rows and columns, got shape {shape}").format(shape=table.shape))
        m, n = table.shape
        self.x_labels = list(x_labels) if x_labels is not None else [f"x{i + 1}".translate(_SUB) for i in range(m)]
        self.y_labels = list(y_labels) if y_labels is not None else [f"y{j + 1}".translate(_SUB) for j in range(n)]
        if len(self.x_labels) != m or len(self.y_labels) != n:
            raise ValueError(_("x_labels and y_labels need {m} and {n} names for a {m}×{n} table").format(m=m, n=n))
        self.shape = (m, n)
        cells = [f"{a},{b}" for a in self.x_labels for b in self.y_labels]
        self.editor = ProbabilityEditor(table.ravel(), cells, symbol="p")
        self.independent_button = widgets.Button(
            description=_("make X and Y independent: p(x, y) ← p(x) p(y)"),
            layout=widgets.Layout(width="auto"),
        )
        self.independent_button.on_click(lambda _button: self.make_independent())
        super().__init__([self.editor.widget, self.independent_button], caption=caption, title=title)
        self.editor.observe(lambda _value: self.refresh())

    def _observed_controls(self):
        return []

    @property
    def table(self):
        """The current joint table, shape (m, n)."""
        return self.editor.value.reshape(self.shape)

    def make_independent(self):
        """Replace the table by the outer product of its marginals."""
        t = self.table
        prod = np.outer(t.sum(axis=1), t.sum(axis=0))
        self.editor.set_value(prod.ravel() / prod.sum())

    def _build(self):
        m, n = self.shape
        ax_t, ax_b = self.fig.subplots(1, 2, width_ratios=[1, 1.6])
        self.image_table = ax_t.imshow(np.zeros(self.shape), cmap="Blues", vmin=0, vmax=1, aspect="auto")
        self.cell_texts = [[ax_t.text(j, i, "", ha="center", va="center", fontsize=10) for j in range(n)]
                           for i in range(m)]
        self.x_margin_texts = [ax_t.text(n - 0.5 + 0.08, i, "", ha="left", va="center", fontsize=8.5,
                                         color=plots.COLORS["p"]) for i in range(m)]
        self.y_margin_texts = [ax_t.text(j, m - 0.5 + 0.1, "", ha="center", va="top", fontsize=8.5,
                                         color=plots.COLORS["q"]) for j in range(n)]
        ax_t.set_xticks(range(n), [f"Y = {lab}" for lab in self.y_labels])
        ax_t.set_yticks(range(m), [f"X = {lab}" for lab in self.x_labels])
        ax_t.xaxis.tick_top()
        ax_t.set_title(_("p(x, y); margins p(x) right, p(y) below"), fontsize=9, pad=22)
        ax_t.tick_params(length=0)
        plots.style_axes(ax_b)
        c = plots.PALETTE
        y = np.arange(len(self._ROWS))[::-1]
        self.bar_parts = {
            # H(X,Y) = H(X|Y) + I + H(Y|X); H(X) = H(X|Y) + I; H(Y) = I + H(Y|X)
            "H(X|Y) in H(X,Y)": ax_b.barh(y[0], 0, 0.6, color=c[0])[0],
            "I in H(X,Y)": ax_b.barh(y[0], 0, 0.6, color=c[2])[0],
            "H(Y|X) in H(X,Y)": ax_b.barh(y[0], 0, 0.6, color=c[1])[0],
            "H(X|Y) in H(X)": ax_b.barh(y[1], 0, 0.6, color=c[0])[0],
            "I in H(X)": ax_b.barh(y[1], 0, 0.6, color=c[2])[0],
            "I in H(Y)": ax_b.barh(y[2], 0, 0.6, color=c[2])[0],
            "H(Y|X) in H(Y)": ax_b.barh(y[2], 0, 0.6, color=c[1])[0],
        }
        self.value_texts = [ax_b.text(0, yy, "", va="center", ha="left", fontsize=9) for yy in y]
        ax_b.set_yticks(y, list(self._ROWS))
        self.xmax = float(np.log2(m * n)) * 1.25
        ax_b.set_xlim(0, self.xmax)
        ax_b.set_ylim(-0.6, len(self._ROWS) - 0.4)
        ax_b.set_xlabel(_("information [{unit}]").format(unit=_("bits")))
        handles = [Patch(facecolor=c[0], label="H(X|Y)"), Patch(facecolor=c[2], label="I(X;Y)"), Patch(facecolor=c[1], label="H(Y|X)")]
        ax_b.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.2), ncols=3, frameon=False,
                    fontsize=8.5)
        self.ax_table, self.ax_bars = ax_t, ax_b
        self.dynamic(self.image_table, *[t for row in self.cell_texts for t in row], *self.x_margin_texts,
                     *self.y_margin_texts, *self.bar_parts.values(), *self.value_texts)

    def _update(self):
        t = self.table
        px, py = t.sum(axis=1), t.sum(axis=0)
        v = {
            "H(X)": float(info.entropy(px)),
            "H(Y)": float(info.entropy(py)),
            "H(X,Y)": float(info.joint_entropy(t)),
            "H(Y|X)": float(info.conditional_entropy(t)),
            "H(X|Y)": float(info.conditional_entropy(t.T)),
            "I(X;Y)": float(info.mutual_information(t)),
        }
        self.values = v
        self.image_table.set_data(t)
        for i, row in enumerate(self.cell_texts):
            for j, text in enumerate(row):
                text.set_text(f"{t[i, j]:.2f}")
                text.set_color("white" if t[i, j] > 0.5 else "black")
        for text, val in zip(self.x_margin_texts, px):
            text.set_text(f"{val:.2f}")
        for text, val in zip(self.y_margin_texts, py):
            text.set_text(f"{val:.2f}")
        hxy, i_xy, hyx = v["H(X|Y)"], v["I(X;Y)"], v["H(Y|X)"]
        b = self.bar_parts
        for key, left, width in [
            ("H(X|Y) in H(X,Y)", 0.0, hxy), ("I in H(X,Y)", hxy, i_xy), ("H(Y|X) in H(X,Y)", hxy + i_xy, hyx),
            ("H(X|Y) in H(X)", 0.0, hxy), ("I in H(X)", hxy, i_xy),
            ("I in H(Y)", hxy, i_xy), ("H(Y|X) in H(Y)", hxy + i_xy, hyx),
        ]:
            b[key].set_x(left)
            b[key].set_width(width)
        ends = [v["H(X,Y)"], v["H(X)"], hxy + v["H(Y)"]]
        for text, key, end in zip(self.value_texts, self._ROWS, ends):
            text.set_text(format_value(v[key], 3))
            text.set_x(end + 0.02 * self.xmax)
        bits = _("bits")
        return {key: f"{format_value(val)} {bits}" for key, val in v.items()}

    def summary(self):
        rows = "; ".join(", ".join(f"{x:.4g}" for x in row) for row in self.table)
        lines = [f"JointTableExplorer(p(x, y) = [{rows}])"]
        lines += [f"  {k} = {val}" for k, val in self.readouts.items()]
        return "\n".join(lines)
