"""An explorer on a joint table: joint and conditional entropy, mutual information.

:class:`JointTableExplorer` puts one slider on every cell of a joint table
p(x, y) (the cells always sum to 1, see :mod:`lossnotes.widgets.editor`), shows
the table with its marginals, and draws the information diagram as three bars:
H(X, Y) split into H(X | Y), I(X; Y) and H(Y | X), with H(X) and H(Y) above the
parts they are made of.  A button replaces the table by the product of its
marginals, the independent table with the same p(x) and p(y).

It runs in the browser (``lossnotes/widgets/js/joint_table.js``, see
:mod:`lossnotes.widgets._browser`); Python keeps the state, the readouts and the
picture a saved notebook shows.

Introduced in notebook ``04_kl_and_js_divergence``.
"""

from __future__ import annotations

import numpy as np
import traitlets
from matplotlib.patches import Patch

from .. import information as info
from .. import plots
from ..i18n import N_, _
from ._base import format_value
from ._browser import BrowserExplorer

__all__ = ["JointTableExplorer"]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _table(value, name="pxy"):
    """``value`` as a valid joint table (2 to 4 rows and columns), or a ValueError naming ``name``."""
    try:
        table = info._joint_table(value).astype(float)
    except ValueError as err:
        raise ValueError(str(err).replace("pxy", name, 1)) from None
    if table.ndim != 2 or not (2 <= table.shape[0] <= 4 and 2 <= table.shape[1] <= 4):
        raise ValueError(_("pxy must be one table with 2 to 4 rows and columns, got shape {shape}").format(
            shape=table.shape))
    return table


class JointTableExplorer(BrowserExplorer):
    """Sliders for a joint table p(x, y); live H(X), H(Y), H(X,Y), H(Y|X), H(X|Y) and I(X;Y).

    X indexes the rows (second-to-last axis), Y the columns (last axis), as in
    :func:`lossnotes.information.mutual_information`.  Every readout is
    computed by :mod:`lossnotes.information` (and, in the browser, by its
    mirror ``js/maths/joint.js``), in bits.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Parameters
    ----------
    pxy : array_like, shape (m, n)
        The starting joint table (2 <= m, n <= 4), entries >= 0 summing to 1.
    x_labels, y_labels : sequence of str, optional
        Names of the values of X and of Y (default x₁, x₂, … and y₁, y₂, …).
    caption, title : str, optional

    Attributes
    ----------
    pxy : list of list of float
        The current table, row by row, synced with the browser (set it from Python, or read
        what the student dialled).
    table : numpy.ndarray
        The same, shape (m, n).
    values : dict
        ``readouts(state)`` of the current table, {quantity: bits}.

    Examples
    --------
    >>> ex = JointTableExplorer([[0.4, 0.1], [0.1, 0.4]])
    >>> round(ex.values["I(X;Y)"], 4), round(ex.values["H(Y|X)"], 4)
    (0.2781, 0.7219)
    >>> ex.make_independent(); ex.values["I(X;Y)"]
    0.0
    """

    _module = "joint_table.js"
    pxy = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
    x_labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    y_labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    state_keys = ("pxy",)
    data_keys = ("x_labels", "y_labels")
    default_caption = N_("Bars: H(X,Y) = H(X|Y) + I(X;Y) + H(Y|X). H(X) and H(Y) overlap exactly "
                         "in I(X;Y), the bits one variable tells about the other.")
    QUANTITIES = ("H(X)", "H(Y)", "H(X,Y)", "H(Y|X)", "H(X|Y)", "I(X;Y)")
    _ROWS = ("H(X,Y)", "H(X)", "H(Y)")

    def __init__(self, pxy, x_labels=None, y_labels=None, *, caption=None, title=None):
        table = _table(pxy)
        m, n = table.shape
        x_labels = [str(v) for v in x_labels] if x_labels is not None else [f"x{i + 1}".translate(_SUB) for i in range(m)]
        y_labels = [str(v) for v in y_labels] if y_labels is not None else [f"y{j + 1}".translate(_SUB) for j in range(n)]
        if len(x_labels) != m or len(y_labels) != n:
            raise ValueError(_("x_labels and y_labels need {m} and {n} names for a {m}×{n} table").format(m=m, n=n))
        super().__init__(x_labels=x_labels, y_labels=y_labels, pxy=table.tolist(), caption=caption, title=title)

    @traitlets.validate("pxy")
    def _valid_table(self, proposal):
        table = _table(proposal["value"])
        if self.x_labels and table.shape != (len(self.x_labels), len(self.y_labels)):
            raise traitlets.TraitError(_("pxy must have shape {shape}, got {got}").format(
                shape=(len(self.x_labels), len(self.y_labels)), got=table.shape))
        return table.tolist()

    @property
    def table(self):
        """The current joint table, shape (m, n)."""
        return np.asarray(self.pxy, dtype=float)

    @property
    def shape(self):
        return self.table.shape

    def make_independent(self):
        """Replace the table by the outer product of its marginals (then I(X; Y) = 0)."""
        t = self.table
        prod = np.outer(t.sum(axis=1), t.sum(axis=0))
        self.pxy = (prod / prod.sum()).tolist()

    @classmethod
    def readouts(cls, state):
        """H(X), H(Y), H(X,Y), H(Y|X), H(X|Y) and I(X;Y) of ``state`` ({pxy}), in bits.

        Examples
        --------
        >>> JointTableExplorer.readouts({"pxy": [[0.5, 0], [0, 0.5]]})["I(X;Y)"]
        1.0
        """
        t = np.asarray(state["pxy"], dtype=float)
        return {
            "H(X)": float(info.entropy(t.sum(axis=1))),
            "H(Y)": float(info.entropy(t.sum(axis=0))),
            "H(X,Y)": float(info.joint_entropy(t)),
            "H(Y|X)": float(info.conditional_entropy(t)),
            "H(X|Y)": float(info.conditional_entropy(t.T)),
            "I(X;Y)": float(info.mutual_information(t)),
        }

    @classmethod
    def static_figure(cls, state):
        """The table as a heat map with its margins, and the information diagram as bars."""
        t = np.asarray(state["pxy"], dtype=float)
        m, n = t.shape
        x_labels = state.get("x_labels") or [f"x{i + 1}".translate(_SUB) for i in range(m)]
        y_labels = state.get("y_labels") or [f"y{j + 1}".translate(_SUB) for j in range(n)]
        v = cls.readouts(state)
        fig = plots.blank_figure((8.4, 3.3))
        ax_t, ax_b = fig.subplots(1, 2, width_ratios=[1, 1.6])
        ax_t.imshow(t, cmap="Blues", vmin=0, vmax=1, aspect="auto")
        px, py = t.sum(axis=1), t.sum(axis=0)
        for i in range(m):
            for j in range(n):
                ax_t.text(j, i, f"{t[i, j]:.2f}", ha="center", va="center", fontsize=10,
                          color="white" if t[i, j] > 0.5 else "black")
            ax_t.text(n - 0.5 + 0.08, i, f"{px[i]:.2f}", ha="left", va="center", fontsize=8.5, color=plots.COLORS["p"])
        for j in range(n):
            ax_t.text(j, m - 0.5 + 0.1, f"{py[j]:.2f}", ha="center", va="top", fontsize=8.5, color=plots.COLORS["q"])
        ax_t.set_xticks(range(n), [f"Y = {lab}" for lab in y_labels])
        ax_t.set_yticks(range(m), [f"X = {lab}" for lab in x_labels])
        ax_t.xaxis.tick_top()
        ax_t.set_title(_("p(x, y); margins p(x) right, p(y) below"), fontsize=9, pad=22)
        ax_t.tick_params(length=0)
        plots.style_axes(ax_b)
        c = plots.PALETTE
        y = np.arange(len(cls._ROWS))[::-1]
        hxy, i_xy, hyx = v["H(X|Y)"], v["I(X;Y)"], v["H(Y|X)"]
        parts = [(y[0], 0.0, hxy, c[0], None), (y[0], hxy, i_xy, c[2], "//"), (y[0], hxy + i_xy, hyx, c[1], ".."),
                 (y[1], 0.0, hxy, c[0], None), (y[1], hxy, i_xy, c[2], "//"),
                 (y[2], hxy, i_xy, c[2], "//"), (y[2], hxy + i_xy, hyx, c[1], "..")]
        for yy, left, width, color, hatch in parts:
            ax_b.barh(yy, width, 0.6, left=left, color=color, hatch=hatch, edgecolor="white")
        ends = [v["H(X,Y)"], v["H(X)"], hxy + v["H(Y)"]]
        xmax = float(np.log2(m * n)) * 1.25
        for yy, key, end in zip(y, cls._ROWS, ends):
            ax_b.text(end + 0.02 * xmax, yy, format_value(v[key], 3), va="center", ha="left", fontsize=9)
        ax_b.set_yticks(y, list(cls._ROWS))
        ax_b.set_xlim(0, xmax)
        ax_b.set_ylim(-0.6, len(cls._ROWS) - 0.4)
        ax_b.set_xlabel(_("information [{unit}]").format(unit=_("bits")))
        handles = [Patch(facecolor=c[0], label="H(X|Y)"), Patch(facecolor=c[2], hatch="//", edgecolor="white", label="I(X;Y)"),
                   Patch(facecolor=c[1], hatch="..", edgecolor="white", label="H(Y|X)")]
        ax_b.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.2), ncols=3, frameon=False, fontsize=8.5)
        return fig

    def summary(self):
        rows = "; ".join(", ".join(f"{x:.4g}" for x in row) for row in self.table)
        bits = _("bits")
        lines = [f"JointTableExplorer(p(x, y) = [{rows}])"]
        lines += [f"  {k} = {format_value(val)} {bits}" for k, val in self.values.items()]
        return "\n".join(lines)
