"""Chinese text in matplotlib figures: the CJK font that ships with lossnotes.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, so Chinese labels
would be drawn as boxes.  lossnotes ships ``fonts/LossnotesCJKSC-Regular.otf``, a
2.8 MB subset of Noto Sans CJK SC (SIL Open Font License 1.1, see
``fonts/OFL.txt``; made by ``tools/subset_font.py``) holding every hanzi of
GB 2312 and Chinese punctuation, but no Latin letters, digits or mathematical
symbols.  Because it is package data, it reaches JupyterLab, Voilà, Binder, Colab
and static exports with no network and no system font.

:func:`use_font` (called by :func:`lossnotes.set_language`) registers it with
matplotlib's font manager and puts it in ``rcParams["font.family"]`` right after
the usual family; matplotlib takes each glyph from the first family that has it,
so Chinese comes from this font and everything else (Latin, digits, mathtext)
from the usual family, exactly as in English.

Introduced in notebook ``00_start_here`` (through ``set_language``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FONT_FAMILY", "FONT_PATH", "use_font", "register_font"]

FONT_FAMILY = "Lossnotes CJK SC"
FONT_PATH = Path(__file__).resolve().parent / "fonts" / "LossnotesCJKSC-Regular.otf"


def register_font():
    """Add the shipped font to matplotlib's font manager (once); returns its family name.

    The font has one weight (regular).  It is registered for bold too, so that bold Chinese text
    (``fontweight="bold"``) is drawn with the regular glyphs instead of matplotlib logging
    "findfont: Failed to find font weight bold …" into the notebook's output; Latin letters and
    digits in the same text still come from the usual family's bold face.
    """
    import dataclasses

    from matplotlib import font_manager

    manager = font_manager.fontManager
    if not any(Path(entry.fname) == FONT_PATH for entry in manager.ttflist):
        manager.addfont(str(FONT_PATH))
        ours = [e for e in manager.ttflist if Path(e.fname) == FONT_PATH and e.name == FONT_FAMILY]
        manager.ttflist.extend(dataclasses.replace(e, weight=700) for e in ours)
        manager._findfont_cached.cache_clear()
    return FONT_FAMILY


def use_font(enable=True):
    """Put the Chinese font first in ``rcParams["font.family"]`` (``enable``), or take it out.

    Taking it out when matplotlib is not imported yet does nothing: there is nothing to undo, and
    ``set_language("en")`` in a notebook's first cell then costs a kernel no matplotlib import
    (about 16 MB per idle student kernel on a hub; see docs/hub.md).
    """
    import sys

    if not enable and "matplotlib" not in sys.modules:
        return
    import matplotlib as mpl

    families = [f for f in mpl.rcParams["font.family"] if f != FONT_FAMILY] or ["sans-serif"]
    if enable:
        register_font()
        # Second, right after the usual family: the font has no Latin, digits or maths, and mathtext
        # (log-axis tick labels such as 10^-1) takes its "default" font from the first family only.
        # Every glyph the first family lacks (all of Chinese) comes from this font.
        families = [families[0], FONT_FAMILY, *families[1:]]
    mpl.rcParams["font.family"] = families
