"""Explorers for notebook 10: an n-gram model as a compressor, and Shannon's guessing game.

Both run in the browser (:mod:`lossnotes.widgets._browser`):

* :class:`CompressionExplorer` (``js/compression.js``): held-out bits per character of a character
  n-gram model against gzip, bz2 and xz.  Every number it can show is computed here once, with
  :meth:`lossnotes.compression.CharNGram.cross_entropy_grid`, for every order, discount step and
  mode, and shipped as a small table: a key press only looks a number up.
* :class:`GuessingGameExplorer` (``js/guessing_game.js``): the reader guesses the next character
  of held-out text, as in Shannon's "Prediction and Entropy of Printed English" (1951), beside the
  model's own guesses.  The module runs the model itself, from the count rows of the passage's
  contexts (shipped as data), and :func:`lossnotes.compression.shannon_guess_bounds` turns guess
  counts into bits per character.

Introduced in notebook ``10_cross_entropy_is_compression``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
import traitlets

from .. import compression, plots
from ..i18n import N_, _
from ._browser import BrowserExplorer

__all__ = ["CompressionExplorer", "GuessingGameExplorer"]

#: language key -> (text name in lossnotes.compression.TEXTS, toggle label)
LANGUAGES = {"en": ("shakespeare", N_("English (Shakespeare)")), "zh": ("lunyu_mengzi", N_("中文 (论语 + 孟子)"))}
#: figure titles (no CJK glyphs in the figure: the default font has none)
TITLES = {"en": N_("English: Tiny Shakespeare"), "zh": N_("Chinese: Lunyu + Mengzi")}
COMPRESSORS = ("gzip", "bz2", "xz")
#: The discount slider's steps: 0.05, 0.10, ..., 1 (each the double nearest i / 20, as JS computes it).
DISCOUNTS = tuple(i / 20 for i in range(1, 21))
#: The order the models are fitted at (the sliders go from 0 to this).
MAX_ORDER = 6


def _check_language(language):
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {language!r}")
    return language


def _check_order(order, max_order=MAX_ORDER):
    if isinstance(order, bool) or not isinstance(order, (int, np.integer)) or not 0 <= order <= max_order:
        raise ValueError(f"order must be an integer in [0, {max_order}], got {order!r}")
    return int(order)


def _discount_index(discount):
    """The index of ``discount`` on the slider's grid (0.05 steps), or ValueError."""
    try:
        D = float(discount)
    except (TypeError, ValueError):
        raise ValueError(f"discount must be a number, got {discount!r}") from None
    i = round(D * 20)
    if not 1 <= i <= 20 or abs(D - i / 20) > 1e-9:
        raise ValueError(f"discount must be one of 0.05, 0.10, ..., 1 (steps of 0.05), got {discount!r}")
    return i - 1


@lru_cache(maxsize=None)
def _split(language):
    return compression.split_text(compression.load_text(LANGUAGES[language][0]), 0.9)


_MODELS = {}


def _model(language):
    """The order-6 model of a language, fitted on its training part once per session."""
    if language not in _MODELS:
        _MODELS[language] = compression.CharNGram(MAX_ORDER).fit(_split(language)[0])
    return _MODELS[language]


def _use_models(models):
    """Adopt already fitted models {"en": model, "zh": model} (fitted on the training part, order >= 6)."""
    for language, model in dict(models or {}).items():
        _check_language(language)
        if not isinstance(model, compression.CharNGram) or model.order < MAX_ORDER:
            raise ValueError(f"models must hold fitted CharNGram models of order >= {MAX_ORDER}")
        if model.n_train != len(_split(language)[0]):
            raise ValueError(f"models[{language!r}] must be fitted on split_text(load_text(...), 0.9)[0]")
        _MODELS.setdefault(language, model.with_options(order=MAX_ORDER, adaptive=False, discount=0.8))


@lru_cache(maxsize=None)
def _table(language, heldout_chars):
    """Everything CompressionExplorer shows for a language: bits/char for every order, discount and mode."""
    train, held = _split(language)
    held = held[:heldout_chars] if heldout_chars else held
    model = _model(language)
    H, coded = {}, {}
    for adaptive in (False, True):
        h, hc = model.with_options(adaptive=adaptive).cross_entropy_grid(held, DISCOUNTS)
        H[adaptive], coded[adaptive] = h.T, hc.T                     # [order][discount]
    base = compression.compressor_bits_per_char(train, held)
    return {
        "n": len(held),
        "bytes": len(held.encode("utf-8")),
        # [adaptive][order][discount index]
        "H": [H[False].tolist(), H[True].tolist()],
        "coded": [coded[False].tolist(), coded[True].tolist()],
        **{k: float(base[k]) for k in COMPRESSORS},
    }


class CompressionExplorer(BrowserExplorer):
    """Held-out bits per character of a character n-gram model, live, against three compressors.

    Runs in the browser (``lossnotes/widgets/js/compression.js``).  Controls: the order k
    (characters of context), the discount D (how much smoothing, in steps of 0.05), whether the
    model is adaptive (keeps counting the held-out text as it codes it), and the language
    (English: Tiny Shakespeare; Chinese: 论语 + 孟子, each split 90 % / 10 %).  The bars are bits
    per character of the held-out text: the model's cross-entropy (the model as defined) next to
    gzip, bz2 and xz, each compressing the training text followed by the held-out text (gzip can
    refer back only 32 KiB, bz2 only within its 900 kB block, xz to all of it:
    :func:`lossnotes.compression.compressor_reach`).  Readouts: bits per character, perplexity
    ``2**H``, bits per UTF-8 byte, the coder's rounding (what
    :func:`lossnotes.compression.arithmetic_encode` writes per character, minus the model's
    cross-entropy), and the compressed sizes.

    Every number is computed in Python when the explorer is made, for all 7 orders × 20 discounts
    × 2 modes × 2 languages (:meth:`lossnotes.compression.CharNGram.cross_entropy_grid`, one look-up of
    the counts per mode), and shipped as a table of about 1,100 numbers, so a key press only looks
    one up.  The numbers are those of ``cross_entropy`` and ``compressor_bits_per_char`` on the
    held-out text exactly.  Introduced in notebook ``10_cross_entropy_is_compression``.

    Parameters
    ----------
    language : {"en", "zh"}, default "en"
    order : int in [0, 6], default 4
    discount : float, default 0.8
        One of 0.05, 0.10, ..., 1.
    adaptive : bool, default False
    max_order : int in [order, 6], default 6
        The order slider's top (every order up to 6 is computed anyway).
    heldout_chars : int, optional
        Score only the first ``heldout_chars`` held-out characters (default: all of them).
    models : dict, optional
        Already fitted models, ``{"en": model, "zh": model}``, each fitted on the training part
        (``split_text(load_text(name), 0.9)[0]``) with order at least 6: saves fitting them again.
    caption, title : str, optional

    Examples
    --------
    >>> ex = CompressionExplorer(order=2)                       # doctest: +SKIP
    >>> ex.order = 4; round(ex.values["bits/char"], 2)          # doctest: +SKIP
    2.41
    """

    _module = "compression.js"
    language = traitlets.Unicode("en").tag(sync=True)
    order = traitlets.Int(4).tag(sync=True)
    discount = traitlets.Float(0.8).tag(sync=True)
    adaptive = traitlets.Bool(False).tag(sync=True)
    heldout_chars = traitlets.Int(0).tag(sync=True)   # 0: all of the held-out text
    tables = traitlets.Dict().tag(sync=True)
    language_labels = traitlets.Dict().tag(sync=True)
    max_order = traitlets.Int(MAX_ORDER).tag(sync=True)   # the order slider's top
    state_keys = ("language", "order", "discount", "adaptive", "heldout_chars")
    data_keys = ("tables", "language_labels", "max_order")
    default_caption = N_("Bits per character of held-out text: the model against three compressors that get the "
                         "training text in front of it (gzip can use only its last 32 KiB). A shorter bar is a "
                         "smaller file.")
    QUANTITIES = ("bits/char", "perplexity", "bits/byte", "coded bits/char", "rounding bits/char", "model bytes",
                  "gzip bits/char", "bz2 bits/char", "xz bits/char", "gzip bytes", "bz2 bytes", "xz bytes")

    def __init__(self, *, language="en", order=4, discount=0.8, adaptive=False, max_order=MAX_ORDER,
                 heldout_chars=None, models=None, caption=None, title=None):
        _check_language(language)
        max_order = _check_order(max_order)
        order = _check_order(order, max_order)
        _discount_index(discount)
        if not isinstance(adaptive, (bool, np.bool_)):
            raise ValueError(f"adaptive must be True or False, got {adaptive!r}")
        if heldout_chars is None:
            heldout_chars = 0
        elif isinstance(heldout_chars, bool) or not isinstance(heldout_chars, (int, np.integer)) or heldout_chars < 1:
            raise ValueError(f"heldout_chars must be a positive integer or None, got {heldout_chars!r}")
        _use_models(models)
        tables = {lang: _table(lang, int(heldout_chars)) for lang in LANGUAGES}
        super().__init__(language=language, order=order, discount=float(discount), adaptive=bool(adaptive),
                         heldout_chars=int(heldout_chars), tables=tables, max_order=max_order,
                         language_labels={k: _(label) for k, (_name, label) in LANGUAGES.items()},
                         caption=caption, title=title)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        try:
            return _check_language(proposal["value"])
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @traitlets.validate("order")
    def _valid_order(self, proposal):
        try:
            return _check_order(proposal["value"], self.max_order)
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @traitlets.validate("discount")
    def _valid_discount(self, proposal):
        try:
            return DISCOUNTS[_discount_index(proposal["value"])]
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @classmethod
    def readouts(cls, state):
        """Bits per character (as defined and as coded), perplexity, bits per byte and sizes of ``state``.

        ``state``: {language, order, discount, adaptive, heldout_chars (0: all)}.  The model's numbers
        are ``CharNGram(order, adaptive, discount).cross_entropy(heldout)`` (and with ``coded=True``).

        Examples
        --------
        >>> v = CompressionExplorer.readouts({"language": "zh", "order": 2, "discount": 0.8,
        ...                                   "adaptive": False, "heldout_chars": 0})   # doctest: +SKIP
        >>> v["perplexity"] == 2 ** v["bits/char"]                                      # doctest: +SKIP
        True
        """
        language = _check_language(state["language"])
        order = _check_order(state["order"])
        i = _discount_index(state["discount"])
        adaptive = int(bool(state["adaptive"]))
        tab = _table(language, int(state.get("heldout_chars") or 0))
        H = tab["H"][adaptive][order][i]
        H_coded = tab["coded"][adaptive][order][i]
        n, nbytes = tab["n"], tab["bytes"]
        return {
            "bits/char": H,
            "perplexity": 2.0 ** H,
            "bits/byte": n * H / nbytes,
            "coded bits/char": H_coded,
            "rounding bits/char": H_coded - H,
            "model bytes": n * H_coded / 8,
            **{f"{k} bits/char": tab[k] for k in COMPRESSORS},
            **{f"{k} bytes": n * tab[k] / 8 for k in COMPRESSORS},
        }

    @classmethod
    def static_figure(cls, state):
        """Bars: the model's held-out bits per character beside gzip, bz2 and xz."""
        v = cls.readouts(state)
        language = state["language"]
        tab = _table(language, int(state.get("heldout_chars") or 0))
        fig = plots.blank_figure((7.5, 3.3))
        ax = plots.style_axes(fig.add_subplot())
        names = [_("model")] + list(COMPRESSORS)
        values = [v["bits/char"]] + [v[f"{k} bits/char"] for k in COMPRESSORS]
        colors = [plots.PALETTE[4], plots.PALETTE[0], plots.PALETTE[1], plots.PALETTE[2]]
        hatches = ["", "//", "..", "xx"]
        top = max(max(tab[k] for k in COMPRESSORS), 3.0) * 1.25
        for i, (val, col, hatch) in enumerate(zip(values, colors, hatches)):
            ax.bar(i, min(val, top), color=col, edgecolor="black", linewidth=0.6, hatch=hatch)
            ax.text(i, min(val, top * 0.93), f"{val:.3f}", ha="center", va="bottom", fontsize=9)
        ax.set_xticks(range(4), names)
        ax.set_ylim(0, top)
        ax.set_ylabel(_("held-out bits per character"))
        mode = _("adaptive") if state["adaptive"] else _("static")
        ax.set_title(_(TITLES[language]) + " · " + _("{n:,} held-out characters").format(n=tab["n"])
                     + f" · k = {state['order']}, D = {state['discount']:g}, {mode}", fontsize=10)
        return fig

    def summary(self):
        v = self.values
        lines = ["CompressionExplorer" + f": language = {self.language}, k = {self.order}, "
                 f"D = {self.discount:g}, " + (_("adaptive") if self.adaptive else _("static"))]
        lines.append("  " + _("H (held-out)") + " = " + _("{value:.3f} bits/char").format(value=v["bits/char"]))
        lines.append("  " + _("perplexity 2^H") + f" = {v['perplexity']:.2f}")
        lines.append("  " + _("bits per UTF-8 byte") + f" = {v['bits/byte']:.3f}")
        lines.append("  " + _("coder's rounding") + " = " + _("{value:+.4f} bits/char").format(
            value=v["rounding bits/char"]))
        lines.append("  " + _("compressed size") + " = " + _("model {model} · gzip {gzip} · bz2 {bz2} · xz {xz} bytes")
                     .format(model=f"{math.ceil(v['model bytes']):,}",
                             **{k: f"{math.ceil(v[f'{k} bytes']):,}" for k in COMPRESSORS}))
        return "\n".join(lines)


# --------------------------------------------------------------------------- Shannon's guessing game

#: Passages per language, their length and how much of the text before them is shown.
N_PASSAGES = 3
PASSAGE_CHARS = {"en": 40, "zh": 20}
BEFORE_CHARS = {"en": 120, "zh": 40}
#: The guessing game's model uses the default discount.
GAME_DISCOUNT = 0.8


@lru_cache(maxsize=None)
def _passages(language):
    """Held-out passages for the game: ``N_PASSAGES`` (before, text) pairs, spread over the held-out text.

    Each passage starts at a line start, has no line break and only characters of the training
    alphabet (so every character can be guessed), and follows at least ``BEFORE_CHARS`` characters.
    """
    held = _split(language)[1]
    alphabet = set(_model(language).alphabet)
    n, before = PASSAGE_CHARS[language], BEFORE_CHARS[language]
    out = []
    for j in range(N_PASSAGES):
        start = max(before, int(len(held) * (j + 1) / (N_PASSAGES + 1)))
        while True:
            start = held.index("\n", start) + 1
            piece = held[start:start + n]
            if len(piece) == n and "\n" not in piece and set(piece) <= alphabet:
                break
        out.append((held[start - before:start], piece))
    return tuple(out)


@lru_cache(maxsize=None)
def _model_guesses(language, passage, order):
    """The model's bits and guess ranks for each character of a passage (order-``order`` model, D = 0.8)."""
    before, text = _passages(language)[passage]
    m = _model(language).with_options(order=order, adaptive=False, discount=GAME_DISCOUNT)
    bits = m.code_lengths(before + text)[len(before):]
    ranks = m.guess_ranks(text, prompt=before)
    return bits, ranks


@lru_cache(maxsize=None)
def _game_data(language):
    """What guessing_game.js needs for a language: the alphabet, the passages and the count rows of their contexts.

    ``rows`` holds each distinct training count row once, sparse ([symbols], [counts]); every
    position of a passage lists the row of its context at orders 0..6 (-1: context never seen).
    """
    model = _model(language)
    labels_of = compression._ContextLabels(model)
    V = len(model._vocab)
    rows, index = [], {}
    passages = []
    for before, text in _passages(language):
        seq = model._symbols(before + text)[0].tolist()
        start = len(before)
        ctx_rows = []
        for i in range(start, len(seq)):
            ctx = ([V + 1] * MAX_ORDER + seq[:i])[-MAX_ORDER:]
            labs = labels_of.labels(ctx)
            dense = labels_of.rows(ctx)
            ids = []
            for k, lab in enumerate(labs):
                if lab < 0:
                    ids.append(-1)
                    continue
                key = (k, lab)
                if key not in index:
                    nz = np.flatnonzero(dense[k])
                    index[key] = len(rows)
                    rows.append([nz.tolist(), dense[k][nz].tolist()])
                ids.append(index[key])
            ctx_rows.append(ids)
        passages.append({"before": before, "text": text, "y": seq[start:], "rows": ctx_rows})
    return {"alphabet": model.alphabet, "rows": rows, "passages": passages, "discount": GAME_DISCOUNT}


class GuessingGameExplorer(BrowserExplorer):
    """Shannon's guessing game: guess the next character of held-out text, beside an n-gram model.

    Runs in the browser (``lossnotes/widgets/js/guessing_game.js``).  The reader types a guess
    for the next character of a held-out passage (English: Tiny Shakespeare; Chinese: 论语 + 孟子)
    until it is right; the page counts the guesses each character needed, and turns the counts
    into Shannon's bounds on the reader's entropy per character
    (:func:`lossnotes.compression.shannon_guess_bounds`):
    ``Σ i (q_i − q_{i+1}) log2 i ≤ H ≤ Σ q_i log2(1/q_i)``, with ``q_i`` the share of characters
    that needed ``i`` guesses.  Beside them, on the same characters: the order-k model's bits per
    character (``CharNGram.code_lengths``, D = 0.8) and the same bounds from the model's own guess
    numbers (:meth:`lossnotes.compression.CharNGram.guess_ranks`).  The module runs the model
    itself, from the training count rows of the passage's contexts (shipped as data).  Introduced
    in notebook ``10_cross_entropy_is_compression`` (section "Shannon's guessing game").

    Parameters
    ----------
    language : {"en", "zh"}, default "en"
    passage : int in [0, 2], default 0
        Which of the three held-out passages (the slider shows 1 to 3).
    order : int in [0, 6], default 4
        The model's order (its guesses change; the reader's do not).
    guesses : sequence of int >= 1, optional
        Guess counts of the passage's first characters (a game already played).
    models : dict, optional
        Already fitted models, as for :class:`CompressionExplorer`.
    caption, title : str, optional

    Examples
    --------
    >>> game = GuessingGameExplorer(order=3, guesses=[1, 1, 2, 4])   # doctest: +SKIP
    >>> game.values["your upper bound"]                              # doctest: +SKIP
    1.5
    """

    _module = "guessing_game.js"
    language = traitlets.Unicode("en").tag(sync=True)
    passage = traitlets.Int(0).tag(sync=True)
    order = traitlets.Int(4).tag(sync=True)
    guesses = traitlets.List(traitlets.Int()).tag(sync=True)
    #: {language: _game_data(language)} as one JSON string (one line in the saved notebook, not
    #: one line per number: nbformat indents every element of a list).
    games = traitlets.Unicode("{}").tag(sync=True)
    language_labels = traitlets.Dict().tag(sync=True)
    state_keys = ("language", "passage", "order", "guesses")
    data_keys = ("games", "language_labels")
    default_caption = N_("Guess the next character until you are right. Your guess counts give bounds on your "
                         "bits per character; the model plays the same game on the same characters.")
    QUANTITIES = ("characters", "your lower bound", "your upper bound", "model bits/char", "model lower bound",
                  "model upper bound")

    def __init__(self, *, language="en", passage=0, order=4, guesses=(), models=None, caption=None, title=None):
        _check_language(language)
        _use_models(models)
        games = json.dumps({lang: _game_data(lang) for lang in LANGUAGES}, ensure_ascii=False, separators=(",", ":"))
        super().__init__(language=language, passage=passage, order=_check_order(order), guesses=list(guesses),
                         games=games, language_labels={k: _(label) for k, (_name, label) in LANGUAGES.items()},
                         caption=caption, title=title)

    @traitlets.validate("language")
    def _valid_language(self, proposal):
        try:
            return _check_language(proposal["value"])
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @traitlets.validate("passage")
    def _valid_passage(self, proposal):
        p = proposal["value"]
        if not 0 <= p < N_PASSAGES:
            raise traitlets.TraitError(f"passage must be in [0, {N_PASSAGES - 1}], got {p!r}")
        return p

    @traitlets.validate("order")
    def _valid_order(self, proposal):
        try:
            return _check_order(proposal["value"])
        except ValueError as e:
            raise traitlets.TraitError(str(e)) from None

    @traitlets.validate("guesses")
    def _valid_guesses(self, proposal):
        g = list(proposal["value"])
        if any(int(x) < 1 for x in g):
            raise traitlets.TraitError(f"guesses must be at least 1 each, got {g!r}")
        if len(g) > PASSAGE_CHARS[self.language]:
            raise traitlets.TraitError(f"guesses has {len(g)} entries, more than the passage's "
                                       f"{PASSAGE_CHARS[self.language]} characters")
        return [int(x) for x in g]

    @classmethod
    def readouts(cls, state):
        """The reader's and the model's bounds, and the model's bits/char, on the characters guessed so far.

        ``state``: {language, passage, order, guesses}.  With no character guessed yet, all are 0.

        Examples
        --------
        >>> v = GuessingGameExplorer.readouts({"language": "en", "passage": 0, "order": 0,
        ...                                    "guesses": [1, 1, 2, 4]})      # doctest: +SKIP
        >>> v["your upper bound"]                                             # doctest: +SKIP
        1.5
        """
        language = _check_language(state["language"])
        passage, order = int(state["passage"]), _check_order(state["order"])
        g = list(state["guesses"])
        n = len(g)
        if n == 0:
            return dict.fromkeys(cls.QUANTITIES, 0.0)
        bits, ranks = _model_guesses(language, passage, order)
        lo, hi = compression.shannon_guess_bounds(g)
        mlo, mhi = compression.shannon_guess_bounds(ranks[:n])
        return {
            "characters": float(n),
            "your lower bound": lo,
            "your upper bound": hi,
            "model bits/char": float(bits[:n].sum() / n),
            "model lower bound": mlo,
            "model upper bound": mhi,
        }

    @classmethod
    def static_figure(cls, state):
        """How many characters needed 1, 2, … guesses: the reader (if any) and the model, on the whole passage."""
        language, passage, order = state["language"], int(state["passage"]), int(state["order"])
        bits, ranks = _model_guesses(language, passage, order)
        g = list(state["guesses"])
        top = 10
        fig = plots.blank_figure((7.5, 3.0))
        ax = plots.style_axes(fig.add_subplot())
        x = np.arange(1, top + 1)
        share = lambda a: np.bincount(np.minimum(np.asarray(a), top), minlength=top + 1)[1:] / len(a)  # noqa: E731
        lo, hi = compression.shannon_guess_bounds(ranks)
        ax.bar(x + (0.2 if g else 0), share(ranks), 0.4 if g else 0.6, color=plots.COLORS["p"],
               label=_("model (order {k}): {lo:.2f} ≤ H ≤ {hi:.2f}, {bits:.2f} bits/char").format(
                   k=order, lo=lo, hi=hi, bits=float(bits.mean())))
        if g:
            glo, ghi = compression.shannon_guess_bounds(g)
            ax.bar(x - 0.2, share(g), 0.4, color=plots.COLORS["q"], hatch="//", edgecolor="black", linewidth=0.4,
                   label=_("you: {lo:.2f} ≤ H ≤ {hi:.2f} bits/char").format(lo=glo, hi=ghi))
        ax.set_xticks(x, [str(i) for i in x[:-1]] + [f"≥{top}"])
        ax.set_xlabel(_("guesses needed"))
        ax.set_ylabel(_("share of characters"))
        ax.set_ylim(0, 1)
        ax.set_title(_(TITLES[language]) + " · " + _("passage {i}").format(i=passage + 1), fontsize=10)
        ax.legend(frameon=False, loc="upper right", fontsize=9)
        return fig

    def summary(self):
        v = self.values
        before, text = _passages(self.language)[self.passage]
        n = len(self.guesses)
        lines = [f"GuessingGameExplorer: language = {self.language}, " + _("passage {i}").format(
            i=self.passage + 1) + f", k = {self.order}"]
        lines.append("  " + _("passage") + f": {text!r}")
        if n:
            lines.append("  " + _("you, {n} characters: {lo:.3f} ≤ H ≤ {hi:.3f} bits/char").format(
                n=n, lo=v["your lower bound"], hi=v["your upper bound"]))
            lines.append("  " + _("model on the same characters: {bits:.3f} bits/char; its guesses give "
                                  "{lo:.3f} ≤ H ≤ {hi:.3f}").format(bits=v["model bits/char"],
                                                                    lo=v["model lower bound"],
                                                                    hi=v["model upper bound"]))
        else:
            bits, ranks = _model_guesses(self.language, self.passage, self.order)
            lo, hi = compression.shannon_guess_bounds(ranks)
            lines.append("  " + _("model on the whole passage: {bits:.3f} bits/char; its guesses give "
                                  "{lo:.3f} ≤ H ≤ {hi:.3f}").format(bits=float(bits.mean()), lo=lo, hi=hi))
        return "\n".join(lines)
