"""Localisation: the one translation function for every string a student sees.

Every student-visible string in lossnotes (slider descriptions, readouts, units,
captions, figure titles and labels, ``check()`` feedback, student-facing error
messages) is written in English in the source and passed through :func:`_` *at
the time it is shown* (never at import time), so that
``lossnotes.set_language("zh")`` in a notebook's first code cell switches all of
them.  Placeholders use ``str.format`` names so a translator can reorder them::

    from lossnotes.i18n import _
    label = _("loss [{unit}]").format(unit=unit_label("nats"))

A string that must be *defined* at import (a class attribute, a table of row
names) is marked with :func:`N_`, which only marks it for extraction, and is
passed through :func:`_` where it is shown.

The catalogues are GNU gettext catalogues under ``lossnotes/locale/`` (domain
``lossnotes``): ``lossnotes.pot`` extracted from the source by Babel, the Chinese
``zh/LC_MESSAGES/lossnotes.po`` a translator edits, and the compiled ``.mo`` read
here with the standard library's :mod:`gettext`.  ``make catalogues`` (that is,
``python tools/catalogues.py``) extracts, updates and compiles them.

Choosing Chinese also makes matplotlib able to draw Chinese: see
:mod:`lossnotes.cjk` (the font ships with lossnotes).

Introduced in notebook ``00_start_here`` (the language is chosen once per
notebook, in its first code cell).
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

__all__ = ["_", "N_", "ngettext", "set_language", "get_language", "unit_label", "LANGUAGES"]

DOMAIN = "lossnotes"
LOCALEDIR = Path(__file__).resolve().parent / "locale"
#: The languages lossnotes speaks: English (the source) and simplified Chinese.
LANGUAGES = ("en", "zh")
_ALIASES = {"en": "en", "en_us": "en", "en_gb": "en", "zh": "zh", "zh_cn": "zh", "zh_hans": "zh", "zh_hans_cn": "zh"}

_state = {"language": "en", "translations": _gettext.NullTranslations()}


def _normalise(language):
    if not isinstance(language, str):
        raise TypeError(f"language must be a string such as 'en' or 'zh', got {type(language).__name__}")
    code = _ALIASES.get(language.strip().lower().replace("-", "_"))
    if code is None:
        raise ValueError(f"language must be one of {LANGUAGES} (or e.g. 'zh-CN'), got {language!r}")
    return code


def set_language(language):
    """Choose the language of everything lossnotes shows: ``"en"`` or ``"zh"``.

    Call it once, at the top of a notebook (the install cell does).  It changes
    slider descriptions, readouts, units, captions, figure text and ``check()``
    feedback of everything created afterwards.  ``"zh"`` also registers the
    Chinese font that ships with lossnotes with matplotlib and adds it to
    ``rcParams["font.family"]`` right after the usual family, which keeps drawing
    Latin letters, digits and mathematics; ``"en"`` takes it out again.

    Parameters
    ----------
    language : {"en", "zh"}
        English (the source language) or simplified Chinese; ``"zh-CN"``,
        ``"zh_CN"`` and ``"zh-Hans"`` mean ``"zh"``.

    Raises
    ------
    ValueError
        If ``language`` is not one of :data:`LANGUAGES`.
    FileNotFoundError
        If the compiled Chinese catalogue is missing (run ``make catalogues``).

    Examples
    --------
    >>> import lossnotes
    >>> lossnotes.set_language("zh"); unit_label("bits")
    '比特'
    >>> lossnotes.set_language("en"); unit_label("bits")
    'bits'
    """
    code = _normalise(language)
    if code == "en":
        translations = _gettext.NullTranslations()
    else:
        translations = _gettext.translation(DOMAIN, localedir=str(LOCALEDIR), languages=[code])
    _state.update(language=code, translations=translations)
    from . import cjk  # imports matplotlib only now, never at `import lossnotes`

    cjk.use_font(code == "zh")
    return None


def get_language():
    """The current language code (``"en"`` until :func:`set_language` is called)."""
    return _state["language"]


def _(message):
    """Translate ``message`` into the current language (English passes through)."""
    return _state["translations"].gettext(message)


def N_(message):
    """Mark ``message`` for extraction without translating it (translate it with :func:`_` where shown)."""
    return message


def ngettext(singular, plural, n):
    """Translate a message whose form depends on the count ``n``."""
    return _state["translations"].ngettext(singular, plural, n)


#: The units' display names, marked for extraction (the code keeps using the English keys).
UNIT_NAMES = {"bits": N_("bits"), "nats": N_("nats"), "hartleys": N_("hartleys")}


def unit_label(unit):
    """The display name of a unit in the current language: ``"bits"`` → ``"比特"`` in Chinese.

    Anything that is not a known unit name (``""``, ``"logit"``) is passed through :func:`_`.
    """
    if not unit:
        return ""
    return _(UNIT_NAMES.get(unit, unit))
