"""Chinese text in matplotlib figures: the CJK font that ships with lossnotes.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, so Chinese labels
would be drawn as boxes.  lossnotes ships ``fonts/LossnotesCJKSC-Regular.otf`` and
``fonts/LossnotesCJKSC-Bold.otf``, subsets of Noto Sans CJK SC (SIL Open Font
License 1.1, see ``fonts/OFL.txt``; made by ``tools/subset_font.py``) holding every
hanzi of GB 2312, every character of the translations, catalogues and the Chinese
corpus of notebook 10, and Chinese punctuation, but no Latin letters, digits or
mathematical symbols; and ``fonts/LossnotesCJKExt-Regular.otf``, the six rare
characters of that corpus that Noto Sans CJK lacks (from HanaMinB).  Because they
are package data, they reach JupyterLab, Voilà, Binder, Colab and static exports
with no network and no system font.

:func:`use_font` (called by :func:`lossnotes.set_language`) registers them with
matplotlib's font manager and puts them in ``rcParams["font.family"]`` right after
the usual family; matplotlib takes each glyph from the first family that has it,
so Chinese comes from these fonts and everything else (Latin, digits, mathtext)
from the usual family, exactly as in English.  Bold Chinese (``fontweight="bold"``)
is drawn with the Bold subset.

Introduced in notebook ``00_start_here`` (through ``set_language``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FONT_FAMILY", "EXT_FAMILY", "FONT_PATH", "BOLD_FONT_PATH", "EXT_FONT_PATH", "FONT_PATHS", "use_font",
           "register_font"]

FONT_FAMILY = "Lossnotes CJK SC"
#: The fallback family for the few characters Noto Sans CJK does not have.
EXT_FAMILY = "Lossnotes CJK Ext"
_FONTS = Path(__file__).resolve().parent / "fonts"
FONT_PATH = _FONTS / "LossnotesCJKSC-Regular.otf"
BOLD_FONT_PATH = _FONTS / "LossnotesCJKSC-Bold.otf"
EXT_FONT_PATH = _FONTS / "LossnotesCJKExt-Regular.otf"
#: Every shipped CJK font; together they cover every character lossnotes can show.
FONT_PATHS = (FONT_PATH, BOLD_FONT_PATH, EXT_FONT_PATH)


def register_font():
    """Add the shipped fonts to matplotlib's font manager (once); returns the main family name.

    The extension font has one weight (regular).  It is registered for bold too, so that a bold
    text with one of its rare characters is drawn with the regular glyph instead of matplotlib
    logging "findfont: Failed to find font weight bold …" into the notebook's output.
    """
    import dataclasses

    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {Path(entry.fname) for entry in manager.ttflist}
    added = False
    for path in FONT_PATHS:
        if path not in known:
            manager.addfont(str(path))
            added = True
            if path == EXT_FONT_PATH:
                ours = [e for e in manager.ttflist if Path(e.fname) == path and e.name == EXT_FAMILY]
                manager.ttflist.extend(dataclasses.replace(e, weight=700) for e in ours)
    if added:
        manager._findfont_cached.cache_clear()
    return FONT_FAMILY


def use_font(enable=True):
    """Put the Chinese fonts in ``rcParams["font.family"]`` (``enable``), or take them out.

    Taking them out when matplotlib is not imported yet does nothing: there is nothing to undo, and
    ``set_language("en")`` in a notebook's first cell then costs a kernel no matplotlib import
    (about 16 MB per idle student kernel on a hub; see docs/hub.md).
    """
    import sys

    if not enable and "matplotlib" not in sys.modules:
        return
    import matplotlib as mpl

    families = [f for f in mpl.rcParams["font.family"] if f not in (FONT_FAMILY, EXT_FAMILY)] or ["sans-serif"]
    if enable:
        register_font()
        # Second, right after the usual family: the fonts have no Latin, digits or maths, and mathtext
        # (log-axis tick labels such as 10^-1) takes its "default" font from the first family only.
        # Every glyph the first family lacks (all of Chinese) comes from these fonts.
        families = [families[0], FONT_FAMILY, EXT_FAMILY, *families[1:]]
    mpl.rcParams["font.family"] = families
