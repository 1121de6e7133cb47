"""Explorer for notebook 10: a character n-gram model as a compressor, against gzip, bz2 and xz.

Introduced in notebook ``10_cross_entropy_is_compression``.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets
import numpy as np

from .. import compression, plots
from .._validation import check_scalar
from ..i18n import N_, _
from ._base import Explorer, slider

__all__ = ["CompressionExplorer"]

#: language key -> (text name in lossnotes.compression.TEXTS, toggle label)
LANGUAGES = {"en": ("shakespeare", N_("English (Shakespeare)")), "zh": ("lunyu_mengzi", N_("中文 (论语 + 孟子)"))}
#: figure titles (no CJK glyphs in the figure: the default font has none)
TITLES = {"en": N_("English: Tiny Shakespeare"), "zh": N_("Chinese: Lunyu + Mengzi")}
COMPRESSORS = ("gzip", "bz2", "xz")


class _Corpus:
    """One language: training text, the explorer's held-out slice, a fitted model, the baselines."""

    def __init__(self, name, max_order, heldout_chars, model=None):
        train, held = compression.split_text(compression.load_text(name), 0.9)
        self.train, self.held = train, held[:heldout_chars]   # heldout_chars None: all of it
        self.full_heldout = len(held)
        self.utf8_bytes = len(self.held.encode("utf-8"))
        if model is None:
            model = compression.CharNGram(max_order).fit(train)
        elif not isinstance(model, compression.CharNGram) or model.order < max_order:
            raise ValueError(f"models must hold fitted CharNGram models of order >= max_order={max_order}")
        self.model = model
        self.baselines = compression.compressor_bits_per_char(train, self.held)


class CompressionExplorer(Explorer):
    """Held-out bits per character of a character n-gram model, live, against three compressors.

    Controls: the language (English: Tiny Shakespeare; Chinese: 论语 + 孟子,
    each split 90 % / 10 %), the order k (characters of context), the
    discount D (how much smoothing), the sampling temperature T, and whether
    the model is adaptive (keeps counting the held-out text as it codes it).
    The bars are bits per character of the held-out text: the model's
    cross-entropy (the model as defined) next to gzip, bz2 and xz, each
    compressing the training text followed by the held-out text (gzip can
    refer back only 32 KiB, bz2 only within its 900 kB block, xz to all of
    it: :func:`lossnotes.compression.compressor_reach`).  Readouts: bits per
    character, perplexity ``2**H``, bits per UTF-8 byte, the coder's rounding
    (what :func:`lossnotes.compression.arithmetic_encode` writes per
    character, minus the model's cross-entropy: its integer frequencies never
    give a character less than about ``2**-32``), and the compressed sizes
    (the model's: what the coder writes, to within two bytes).  Below: a
    sample of the model at temperature T (seeded, so the same settings give
    the same text).

    By default the held-out text is all of the held-out part, so the
    numbers are those of ``compressor_bits_per_char`` and ``cross_entropy`` on
    it (and the compressor sizes, cached by
    :func:`lossnotes.compression.compressor_bits_per_char`, are computed
    once per session); ``heldout_chars`` scores only its beginning, for
    faster ticks.  The models are fitted once per language (at
    ``max_order``; lower orders share the counts) and every result is cached.

    Parameters
    ----------
    language : {"en", "zh"}, default "en"
    order : int, default 4
    discount : float in [0.05, 1], default 0.8
    temperature : float in [0.1, 2], default 1.0
    adaptive : bool, default False
    max_order : int, default 6
    heldout_chars : int, optional
        Score only the first ``heldout_chars`` held-out characters (default: all).
    sample_chars : int, default 160
    models : dict, optional
        Already fitted models, ``{"en": model, "zh": model}``, each fitted on the
        training part (``split_text(load_text(name), 0.9)[0]``) with order at
        least ``max_order``: saves fitting them again.

    Examples
    --------
    >>> ex = CompressionExplorer(order=2)                       # doctest: +SKIP
    >>> ex.order.value = 4; round(ex.values["bits/char"], 2)    # doctest: +SKIP
    2.41
    """

    figsize = (7.5, 3.3)
    caption = N_("Bits per character of held-out text: the model against three compressors that get the training "
                 "text in front of it (gzip can use only its last 32 KiB). A shorter bar is a smaller file.")

    def __init__(self, *, language="en", order=4, discount=0.8, temperature=1.0, adaptive=False, max_order=6,
                 heldout_chars=None, sample_chars=160, models=None, caption=None, title=None):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {language!r}")
        self.max_order = compression._check_order(max_order)
        if not 0 <= compression._check_order(order) <= self.max_order:
            raise ValueError(f"order must be in [0, max_order={self.max_order}], got {order!r}")
        self.heldout_chars = None if heldout_chars is None else int(check_scalar(heldout_chars, "heldout_chars", low=1))
        self.sample_chars = int(check_scalar(sample_chars, "sample_chars", low=1))
        self._corpora = {}
        self._cache = {}
        self._models = dict(models or {})
        self.language = widgets.ToggleButtons(
            options=[(_(label), key) for key, (_name, label) in LANGUAGES.items()], value=language,
            description=_("text"), style={"description_width": "initial"})
        self.order = widgets.IntSlider(value=int(order), min=0, max=self.max_order, step=1,
                                       description=_("k (order) [characters of context]"),
                                       style={"description_width": "initial"}, layout=widgets.Layout(width="100%"))
        self.discount = slider(_("D (discount)"), float(discount), 0.05, 1.0, 0.05, unit=_("counts"))
        self.temperature = slider(_("T (temperature)"), float(temperature), 0.1, 2.0, 0.05, unit=_("dimensionless"))
        self.adaptive = widgets.Checkbox(value=bool(adaptive), description=_("adaptive (keeps counting the held-out text)"),
                                         style={"description_width": "initial"})
        self.sample_html = widgets.HTML()
        self.sample = ""
        self._shown_language = None
        super().__init__([self.language, self.order, self.discount, self.temperature, self.adaptive],
                         caption=caption, title=title)
        self.widget.children = (*self.widget.children, self.sample_html)

    def corpus(self, language):
        """The (cached) training text, held-out slice, fitted model and baselines of a language."""
        if language not in self._corpora:
            self._corpora[language] = _Corpus(LANGUAGES[language][0], self.max_order, self.heldout_chars,
                                              self._models.get(language))
        return self._corpora[language]

    def _build(self):
        ax = plots.style_axes(self.fig.add_subplot())
        names = [_("model")] + list(COMPRESSORS)
        colors = [plots.PALETTE[4], plots.PALETTE[0], plots.PALETTE[1], plots.PALETTE[2]]
        self.bars = ax.bar(range(4), [1, 1, 1, 1], color=colors, edgecolor="black", linewidth=0.6)
        self.labels = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(4)]
        self.dynamic(self.bars, *self.labels)
        ax.set_xticks(range(4), names)
        ax.set_ylabel(_("held-out bits per character"))
        self.ax = ax

    def _scores(self, language, order, D, adaptive):
        """Held-out bits per character: the model as defined, and the coder's rounded model."""
        key = ("H", language, order, round(D, 6), adaptive)
        if key not in self._cache:
            c = self.corpus(language)
            model = c.model.with_options(order=order, discount=D, adaptive=adaptive)
            self._cache[key] = (model.cross_entropy(c.held), model.cross_entropy(c.held, coded=True))
        return self._cache[key]

    def _sample(self, language, order, D, T):
        key = ("S", language, order, round(D, 6), round(T, 6))
        if key not in self._cache:
            model = self.corpus(language).model.with_options(order=order, discount=D, adaptive=False)
            n = self.sample_chars if language == "en" else max(1, self.sample_chars // 2)
            self._cache[key] = model.sample(n, temperature=T, seed=0)
        return self._cache[key]

    def _update(self):
        language, order = self.language.value, int(self.order.value)
        D, T, adaptive = float(self.discount.value), float(self.temperature.value), bool(self.adaptive.value)
        c = self.corpus(language)
        H, H_coded = self._scores(language, order, D, adaptive)
        figures = [H] + [c.baselines[k] for k in COMPRESSORS]
        if language != self._shown_language:
            top = max(max(c.baselines.values()), 3.0) * 1.25
            self.ax.set_ylim(0, top)
            self.ax.set_title(_(TITLES[language]) + " · " + _("{n:,} held-out characters").format(
                n=len(c.held)), fontsize=10)
            self.invalidate()
            self._shown_language = language
        top = self.ax.get_ylim()[1]
        for bar, label, v in zip(self.bars, self.labels, figures):
            bar.set_height(min(v, top))
            label.set_position((bar.get_x() + bar.get_width() / 2, min(v, top * 0.93)))
            label.set_text(f"{v:.3f}")
        n = len(c.held)
        size = {"model": n * H_coded / 8}
        size.update({k: n * c.baselines[k] / 8 for k in COMPRESSORS})
        self.sample = self._sample(language, order, D, T)
        self.values = {
            "bits/char": H,
            "perplexity": 2.0 ** H,
            "bits/byte": n * H / c.utf8_bytes,
            "coded bits/char": H_coded,
            "rounding bits/char": H_coded - H,
            "model bytes": size["model"],
            **{f"{k} bits/char": c.baselines[k] for k in COMPRESSORS},
            **{f"{k} bytes": size[k] for k in COMPRESSORS},
            "best compressor": min(COMPRESSORS, key=lambda k: c.baselines[k]),
            "sample": self.sample,
        }
        self.sample_html.value = (f"<b>{html.escape(_('sample at T = {T:g}').format(T=T))}</b>: "
                                  f"<pre style='white-space:pre-wrap'>{html.escape(self.sample)}</pre>")
        return {
            _("H (held-out)"): _("{value:.3f} bits/char").format(value=H),
            _("perplexity 2^H"): f"{2.0 ** H:.2f}",
            _("bits per UTF-8 byte"): f"{n * H / c.utf8_bytes:.3f}",
            _("coder's rounding"): _("{value:+.4f} bits/char").format(value=H_coded - H),
            _("compressed size"): _("model {model} · gzip {gzip} · bz2 {bz2} · xz {xz} bytes").format(
                **{k: f"{math.ceil(v):,}" for k, v in size.items()}),
        }

    def summary(self):
        return super().summary() + "\n  " + _("sample") + " = " + repr(self.sample)
