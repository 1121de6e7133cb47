"""The explorers: sliders and pictures that compute and draw in the reader's browser.

Every explorer is an anywidget (:class:`BrowserExplorer`) whose ES module, bundled into
``lossnotes/widgets/static/``, computes with a JavaScript mirror of lossnotes and draws SVG: a
slider step never waits for a kernel, and the same module runs on the course website.  Each lives
in the module of its topic (``lossnotes.widgets.entropy``, ``.classification``, …); the p/q
explorer of notebook 00 is exported here.  Displaying one also stores a static picture of its
state, for GitHub, nbviewer and the PDF.

Introduced in notebook ``00_start_here``.
"""

from ._base import format_value, format_vector
from ._browser import BrowserExplorer
from .editor import rebalance
from .explorers import PQExplorer

__all__ = ["BrowserExplorer", "PQExplorer", "format_value", "format_vector", "rebalance"]
