"""The engine under every browser explorer: an anywidget whose ES module computes and draws.

How a slider step is handled, and why it never waits for the kernel
--------------------------------------------------------------------
An explorer is an :class:`anywidget.AnyWidget`.  Its parameters (``p``, ``q``, ``unit``, …) are
synced traitlets; its front end is one ES module from ``lossnotes/widgets/static/`` (bundled by
``tools/build_js.py`` from the sources in ``lossnotes/widgets/js/``), which builds the controls,
computes the quantities with ``core.js`` (a mirror of :mod:`lossnotes.information` and
:mod:`lossnotes.losses`, tied to them by ``tests/test_js_parity.py``) and draws SVG.  A key press
changes the model in the browser and redraws there, within a frame; the new value reaches Python
afterwards (``explorer.p`` reads it), and nothing breaks when there is no kernel at all: the
explorer keeps working after the kernel stops, and the website mounts the same module with no
kernel (``site.js``).

Python's side of an explorer
----------------------------
* ``readouts(state)``: the numbers the front end shows for a state, computed with lossnotes.  The
  browser tests check that the page shows exactly these; the parity tests check the module's own
  ``readouts`` against them on random states.
* ``static_figure(state)``: a matplotlib picture of a state, for everything that cannot run the
  module: GitHub, nbviewer, the PDF, a notebook opened without its widgets.
* ``summary()``: the state and readouts as text (what nbval compares).

What the saved notebook holds
-----------------------------
Displaying an explorer emits one output with four representations: the live widget view, a PNG
of the state (``static_figure``), the text summary, and ``application/vnd.lossnotes.explorer+json``
(the module, the state, title and caption): ``tools/build_site.py`` turns the last into a live
explorer on the website, starting from the notebook's state.

Introduced in notebook ``00_start_here``.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import anywidget
import traitlets

from .. import plots
from ..i18n import _, get_language

__all__ = ["BrowserExplorer", "STATIC", "MIME_TYPE", "js_strings"]

#: Where the bundled ES modules and their exported catalogues are (package data).
STATIC = Path(__file__).resolve().parent / "static"
#: The output type that carries an explorer's module and state to the website.
MIME_TYPE = "application/vnd.lossnotes.explorer+json"


@lru_cache(maxsize=None)
def module_source(name):
    """The text of the bundled module ``name`` (read once, when the first explorer is made)."""
    return (STATIC / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _catalogue(language):
    path = STATIC / "i18n" / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def js_strings(language=None):
    """The explorers' labels in ``language`` (default: the current one), as {English: shown}.

    The messages are the ``t("…")`` calls of the ES modules; their translations come from the
    package's gettext catalogue, exported by ``tools/build_js.py`` (English needs none).
    """
    language = language or get_language()
    return {} if language == "en" else dict(_catalogue(language))


class BrowserExplorer(anywidget.AnyWidget):
    """Base class of the explorers that compute and draw in the browser.

    Subclasses set ``_module`` (their bundle's file name in :data:`STATIC`), declare their parameters as synced
    traitlets, and implement :meth:`readouts`, :meth:`static_figure` and :meth:`summary`.
    """

    #: Shown above the explorer (already translated); "" for none.
    title = traitlets.Unicode("").tag(sync=True)
    #: The "what to notice" sentence under the explorer (already translated).
    caption = traitlets.Unicode("").tag(sync=True)
    #: The module's labels in the notebook's language ({English: shown}).
    strings = traitlets.Dict().tag(sync=True)
    #: The bundle's file name in STATIC, e.g. "pq.js".
    _module = ""
    #: The parameters that make up a state (subclasses list their traitlets): what the reader
    #: changes, what ``data-state`` shows, what ``readouts(state)`` reads.
    state_keys = ()
    #: Synced traitlets that are fixed data rather than parameters (outcome labels, a data set):
    #: stored with the state in the saved notebook so that the website can mount the same view.
    data_keys = ()
    #: The English caption of the class, marked with N_() by subclasses.
    default_caption = ""

    def __init__(self, *, title=None, caption=None, **kwargs):
        # Captions and titles are English in the source and shown translated (as Explorer does).
        caption = self.default_caption if caption is None else caption
        super().__init__(title=_(title) if title else "", caption=_(caption) if caption else "",
                         strings=js_strings(), **kwargs)

    # -- state ----------------------------------------------------------------------------
    @property
    def state(self):
        """The current parameters as plain Python values (JSON-ready)."""
        out = {}
        for key in self.state_keys:
            value = getattr(self, key)
            out[key] = list(value) if isinstance(value, (list, tuple)) else value
        return out

    @property
    def full_state(self):
        """The state and the fixed data: everything the module reads from its model."""
        out = dict(self.state)
        for key in self.data_keys:
            value = getattr(self, key)
            out[key] = list(value) if isinstance(value, (list, tuple)) else value
        return out

    @property
    def values(self):
        """The current readouts, {quantity: float}: ``readouts`` of :attr:`full_state` (the
        parameters and the fixed data some readouts need, such as a data set)."""
        return self.readouts(self.full_state)

    @classmethod
    def readouts(cls, state):  # pragma: no cover - abstract
        """The numbers the front end shows for ``state``, computed with lossnotes."""
        raise NotImplementedError

    @classmethod
    def static_figure(cls, state):  # pragma: no cover - abstract
        """A matplotlib Figure of ``state`` (:attr:`full_state`: the saved notebook's picture)."""
        raise NotImplementedError

    def summary(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self):
        return self.summary()

    # -- display --------------------------------------------------------------------------
    @property
    def _esm(self):
        # Read by anywidget when the widget is made (not at import): the module's text.
        return module_source(self._module)

    def picture(self):
        """PNG bytes of the current state (drawn with matplotlib)."""
        fig = self.static_figure(self.full_state)
        return plots.png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = self.summary()
        data["image/png"] = base64.b64encode(self.picture()).decode("ascii")
        data[MIME_TYPE] = {
            "explorer": type(self).__name__,
            "module": self._module,
            "state": self.full_state,
            "title": self.title,
            "caption": self.caption,
        }
        return bundle
