"""Localisation: the one translation function for every string a student sees.

Every student-visible string in lossnotes (slider descriptions, readouts, units,
captions, figure titles and labels, ``check()`` feedback, student-facing error
messages) is written in English in the source and passed through :func:`_` *at
the time it is shown* (never at import time), so that
``lossnotes.i18n.set_language("zh")`` in a notebook's first cell switches all of
them.  Placeholders use ``str.format`` names so a translator can reorder them::

    from lossnotes.i18n import _
    label = _("H(p) = {value:.4g} {unit}").format(value=h, unit=_("bits"))

The catalogues are GNU gettext catalogues under ``lossnotes/locale/`` (domain
``lossnotes``), read with the standard library's :mod:`gettext`.

Introduced in notebook ``00_start_here`` (the language is chosen once per
notebook, in its first code cell).
"""

from __future__ import annotations

import gettext as _gettext
from pathlib import Path

__all__ = ["_", "ngettext", "set_language", "get_language", "LANGUAGES"]

DOMAIN = "lossnotes"
LOCALEDIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")

_state = {"language": "en", "translations": _gettext.NullTranslations()}


def set_language(language):
    """Choose the language of everything lossnotes shows: ``"en"`` or ``"zh"``.

    Parameters
    ----------
    language : {"en", "zh"}
        English (the source language) or simplified Chinese.

    Raises
    ------
    ValueError
        If ``language`` is not one of :data:`LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    if language == "en":
        translations = _gettext.NullTranslations()
    else:
        translations = _gettext.translation(DOMAIN, localedir=str(LOCALEDIR), languages=[language], fallback=True)
    _state.update(language=language, translations=translations)


def get_language():
    """The current language code (``"en"`` until :func:`set_language` is called)."""
    return _state["language"]


def _(message):
    """Translate ``message`` into the current language (English passes through)."""
    return _state["translations"].gettext(message)


def ngettext(singular, plural, n):
    """Translate a message whose form depends on the count ``n``."""
    return _state["translations"].ngettext(singular, plural, n)
