"""Cross-entropy is compression: character n-gram language models and an arithmetic coder.

A language model that gives the next character a probability ``q`` can code it
in ``-log2 q`` bits.  This module makes that literal:

- :class:`CharNGram` -- a character n-gram model of order ``k`` (the next
  character given the previous ``k``), smoothed by interpolated absolute
  discounting, optionally *adaptive* (it keeps counting the text it is coding,
  as PPM and every practical compressor do);
- :func:`arithmetic_encode` / :func:`arithmetic_decode` -- a range coder
  (integer arithmetic, exact round trip) driven by the model;
- :meth:`CharNGram.cross_entropy` -- bits per character of the model as
  defined (floating-point probabilities); with ``coded=True``, of the
  coder's rounded model, which is exactly the ideal code length per character
  of that coder: the coder writes ``n * cross_entropy(coded=True)`` bits plus
  at most two bytes;
- :func:`compressor_bits_per_char` -- gzip, bz2 and xz on the same text, alone
  or with the training text in front, and :func:`compressor_reach`, how much
  of that training text each of them can actually use;
- :func:`interval_steps` and :func:`shortest_codeword` -- arithmetic coding by
  hand, in exact fractions, for a toy model (MacKay, ch. 6);
- :func:`load_text` and :func:`split_text` -- the two texts that ship with the
  package (Tiny Shakespeare; 论语 + 孟子) and a train / held-out split.

The model
---------
Symbols are the characters of the training text (its *alphabet*, ``V``
characters) plus one **escape** symbol.  A character never seen in training is
coded as the escape followed by its code point, uniformly among the
``0x110000 - V`` code points not in the alphabet (about 20 bits), so every
Unicode string gets a finite code length: no probability is ever 0 (a zero
would be notebook 04's infinite KL divergence).

With ``N`` the number of times the context was seen, ``n(c)`` the number of
times ``c`` followed it, ``u`` the number of distinct characters that followed
it and ``0 < D <= 1`` the discount, the probability at order ``k`` is

.. math::  p_k(c) = \\frac{\\max(n(c) - D, 0) + D\\,u\\,p_{k-1}(c)}{N},

interpolating down to ``p_{-1}``, uniform over the ``V + 1`` symbols.  A
context never seen falls back to ``p_{k-1}`` unchanged.

The model as defined, and the coder's rounded model
---------------------------------------------------
:meth:`~CharNGram.cross_entropy` scores the model as defined: ``ln p`` is
computed level by level as ``logaddexp(ln max(n(c) - D, 0) - ln N, ln(D u / N)
+ ln p_{k-1}(c))``, so a probability keeps its full relative precision however
small it is.

The coder needs integer frequencies.  For each position the cumulative
probabilities ``F(c) = sum_{c' < c} p(c')`` are computed in floating point (the
same elementwise operations whether one symbol or the whole alphabet is
needed, so encoder and decoder agree to the bit), and symbol ``c`` gets the
integer interval ``[floor(F(c) S) + c, floor(F(c+1) S) + c + 1)`` out of a
total of ``S + V + 1`` with ``S = 2**32``: every symbol has a frequency of at
least 1.  ``cross_entropy(text, coded=True)`` scores these frequencies, so it is
*exactly* the ideal code length of the coder.

The two differ.  A symbol of probability ``p`` gets a frequency of more than
``p S`` and less than ``p S + 2`` out of ``S + V + 1`` (two floors and the 1), so
its code length changes by less than ``+log2(1 + (V + 1) / S)`` bits and by more
than ``-log2(1 + 2 / (p S))`` (plus that small amount).  The upper end is tiny
(2e-8 bits for 65 symbols, 7e-7 for 2,140), but the lower end is not: no symbol can cost more than ``log2(S + V + 1)``, about 32
bits (plus about 20 for an escaped code point), however improbable the model
makes it.  The rounding is a hidden floor, a bit of extra smoothing exactly
where the model has too little.  On the notebook's held-out texts it is
-0.0005 bits per character at D = 0.8 (order 4, English) but -0.075 (English)
and -0.17 (Chinese) at D = 0.05, order 6; tests/test_compression.py checks the
bounds symbol by symbol.

Introduced in notebook ``10_cross_entropy_is_compression``.
"""

from __future__ import annotations

import bz2
import hashlib
import lzma
import math
import numbers
import zlib
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import numpy as np

from ._validation import check_scalar, log_base
from .i18n import _

__all__ = [
    "CharNGram",
    "arithmetic_encode",
    "arithmetic_decode",
    "compressor_bits_per_char",
    "compressor_reach",
    "interval_steps",
    "shortest_codeword",
    "shannon_guess_bounds",
    "load_text",
    "split_text",
    "TEXTS",
]

#: The texts that ship with the package: name -> file in ``lossnotes/data``.
TEXTS = {"shakespeare": "tinyshakespeare.txt", "lunyu_mengzi": "lunyu_mengzi.txt"}

_N_CODE_POINTS = 0x110000  # every Unicode code point, surrogates included (a Python str may hold them)
_SCALE_BITS = 32
_SCALE = float(1 << _SCALE_BITS)  # S: the quantisation scale of the cumulative probabilities
_MAX_ORDER = 32
_MEMO_SIZE = 8  # per fitted model (shared with its with_options siblings): texts whose intervals are kept


# --------------------------------------------------------------------------- texts


def load_text(name):
    """One of the texts shipped in ``lossnotes/data`` (see its README for provenance and licence).

    Parameters
    ----------
    name : {"shakespeare", "lunyu_mengzi"}
        Tiny Shakespeare (1,115,394 ASCII characters) or 论语 + 孟子 (67,702
        characters of simplified Chinese).

    Returns
    -------
    str
    """
    if name not in TEXTS:
        raise ValueError(f"name must be one of {sorted(TEXTS)}, got {name!r}")
    return resources.files("lossnotes").joinpath("data", TEXTS[name]).read_text(encoding="utf-8")


def split_text(text, train_fraction=0.9):
    """Split ``text`` into its first ``train_fraction`` (training) and the rest (held-out).

    The split is at character ``int(train_fraction * len(text))``: the
    held-out text is a continuous passage the model has never seen.
    """
    text = _check_text(text, "text")
    f = check_scalar(train_fraction, "train_fraction", low=0.0, high=1.0, low_inclusive=False,
                     high_inclusive=False)
    cut = int(f * len(text))
    if cut == 0 or cut == len(text):
        raise ValueError(f"train_fraction={train_fraction!r} leaves one part of a {len(text)}-character text empty")
    return text[:cut], text[cut:]


# --------------------------------------------------------------------------- helpers


def _check_text(text, name, *, allow_empty=False):
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text and not allow_empty:
        raise ValueError(f"{name} is empty; it needs at least one character")
    return text


def _code_points(text):
    """The code points of ``text`` as uint32 (lone surrogates included), without a Python loop."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)


def _from_code_points(cps):
    return np.asarray(cps, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _check_order(order):
    if isinstance(order, bool) or not isinstance(order, numbers.Integral):
        raise TypeError(f"order must be an integer, got {type(order).__name__}")
    if not 0 <= order <= _MAX_ORDER:
        raise ValueError(f"order must be an integer in [0, {_MAX_ORDER}], got {order!r}")
    return int(order)


def _level_F(a, b, Fprev):
    """Cumulative probability at one order: ``a + b Fprev``.

    With ``a = (C - D m) / N`` and ``b = D u / N`` (see :func:`_level_ab`).
    The encoder (one symbol per position) and the decoder (every symbol of
    one context) both call these, with the same elementwise operations, so
    their floating-point results are identical to the bit.
    """
    return a + b * Fprev


def _level_ab(C, m, N, u, D):
    """``(C - D m) / N`` and ``D u / N``: ``C`` and ``m`` count the characters (all, distinct) below."""
    return (C - D * m) / N, (D * u) / N


def _level_lnp(n_c, N, b, D, lnp_prev):
    """``ln p_k(c)`` from ``ln p_{k-1}(c)``: ``ln(max(n(c) - D, 0) / N + b p_{k-1}(c))``, log-sum-exp style.

    The model as defined, in floating point: both terms are non-negative, so
    no probability is lost to cancellation or underflow however small it is
    (unlike the difference of two cumulative probabilities, or the coder's
    integer frequencies, which never go below ``2**-32``).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_a = np.log(np.maximum(n_c - D, 0.0) / N)   # -inf where c never followed the context
        return np.logaddexp(ln_a, np.log(b) + lnp_prev)


def _quantise(F):
    """floor(F S) capped at S, as int64 (monotone in F; F >= 0 by construction)."""
    return np.minimum(F * _SCALE, _SCALE).astype(np.int64)  # truncation = floor for F >= 0


class _Level:
    """Counts of one order: contexts, (context, symbol) pairs, prefix sums."""

    __slots__ = ("ctx_keys", "pair_keys", "pair_counts", "ccum", "gstart", "gend", "total")

    def __init__(self, ctx_keys, labels, y, A):
        self.ctx_keys = ctx_keys  # sorted raw keys (parent label * B + context char); None at order 0
        pk = labels * A + y
        self.pair_keys, self.pair_counts = np.unique(pk, return_counts=True)
        self.ccum = np.concatenate(([0], np.cumsum(self.pair_counts)))
        n_labels = 1 if ctx_keys is None else len(ctx_keys)
        firsts = np.arange(n_labels + 1, dtype=np.int64) * A
        bounds = np.searchsorted(self.pair_keys, firsts)
        self.gstart, self.gend = bounds[:-1], bounds[1:]
        self.total = self.ccum[self.gend] - self.ccum[self.gstart]

    def lookup(self, labels, c, A):
        """For symbols ``c`` in contexts ``labels`` (-1: unseen): N, u, C below c, m below c, n(c)."""
        seen = labels >= 0
        lab = np.where(seen, labels, 0)
        gs, ge = self.gstart[lab], self.gend[lab]
        pk = lab * A + c
        pos = np.searchsorted(self.pair_keys, pk)
        posc = np.minimum(pos, len(self.pair_keys) - 1)
        hit = (pos < ge) & (self.pair_keys[posc] == pk)
        n_c = np.where(hit, self.pair_counts[posc], 0)
        C = self.ccum[pos] - self.ccum[gs]
        m = pos - gs
        N = self.total[lab]
        u = ge - gs
        z = ~seen
        if z.any():
            N, u, C, m, n_c = (np.where(z, 0, a) for a in (N, u, C, m, n_c))
        return N, u, C, m, n_c

    def dense_row(self, label, A):
        row = np.zeros(A, dtype=np.int64)
        if label >= 0:
            gs, ge = self.gstart[label], self.gend[label]
            row[self.pair_keys[gs:ge] - label * A] = self.pair_counts[gs:ge]
        return row


# --------------------------------------------------------------------------- the model


class CharNGram:
    """A character n-gram language model with interpolated absolute discounting.

    Parameters
    ----------
    order : int in [0, 32]
        How many previous characters the prediction uses (the context length):
        order 0 ignores the context (character frequencies), order 4 predicts
        from the previous four characters.
    adaptive : bool, default False
        If True, the model keeps counting the text it scores, codes or decodes
        (on a copy: the fitted model never changes), as PPM and practical
        compressors do, so it learns the held-out text as it goes.
    discount : float in (0, 1], default 0.8
        The absolute discount ``D``: how much each seen count gives up to the
        lower orders (and so to unseen characters).  Small ``D`` means little
        smoothing.

    Notes
    -----
    Every Unicode character has a non-zero probability: characters outside the
    training alphabet are coded as an escape symbol followed by their code
    point (see the module docstring).  The text before the first character is
    treated as a run of "start" symbols, so the first characters are predicted
    from shorter contexts.  Sampling (:meth:`sample`) uses the fitted counts
    only, even for an adaptive model, and never emits the escape.

    Examples
    --------
    >>> m = CharNGram(0).fit("aab")
    >>> m.alphabet
    'ab'
    >>> round(m.cross_entropy("a"), 4)        # -log2 p(a), p(a) = (2 - 0.8 + 0.8 * 2 * 1/3) / 3
    0.7914
    >>> arithmetic_decode(arithmetic_encode("abba!", m), m, 5)
    'abba!'
    """

    def __init__(self, order, adaptive=False, discount=0.8):
        self.order = _check_order(order)
        if not isinstance(adaptive, (bool, np.bool_)):
            raise TypeError(f"adaptive must be True or False, got {type(adaptive).__name__}")
        self.adaptive = bool(adaptive)
        self.discount = check_scalar(discount, "discount", low=0.0, high=1.0, low_inclusive=False)
        self._levels = None
        self._memo = None
        self._next_rows = None  # next_char_probs' context labels and {context: row}; emptied by fit

    # -- fitting ---------------------------------------------------------------
    def fit(self, text):
        """Count the n-grams of ``text`` (no Python loop over its characters); returns the model."""
        text = _check_text(text, "text")
        cps = _code_points(text)
        vocab = np.unique(cps)
        V = len(vocab)
        A, B = V + 1, V + 2  # symbols (alphabet + escape); context symbols (+ start)
        y = np.searchsorted(vocab, cps)
        seq = np.concatenate((np.full(self.order, V + 1, dtype=np.int64), y))
        n = len(y)
        levels = [_Level(None, np.zeros(n, dtype=np.int64), y, A)]
        labels = np.zeros(n, dtype=np.int64)
        for k in range(1, self.order + 1):
            raw = labels * B + seq[self.order - k:self.order - k + n]
            keys, labels = np.unique(raw, return_inverse=True)
            labels = labels.reshape(-1).astype(np.int64)
            levels.append(_Level(keys, labels, y, A))
        self._vocab, self._levels, self._n_train = vocab, levels, n
        self._memo = {}  # (order, adaptive, discount, text) -> symbols and intervals; see _text_bounds
        self._next_rows = None
        return self

    def with_options(self, *, order=None, adaptive=None, discount=None):
        """A model sharing these fitted counts with another order (at most this one), mode or discount.

        Cheap: nothing is recounted.  Used to compare orders without refitting.
        The models also share the (small) memory of recently scored texts, so
        scoring, coding and the cross-entropy of the same text with the same
        options are computed once.
        """
        self._check_fitted()
        new = CharNGram(self.order if order is None else order,
                        self.adaptive if adaptive is None else adaptive,
                        self.discount if discount is None else discount)
        if new.order > self.order:
            raise ValueError(f"order must be at most the fitted order {self.order}, got {order!r}")
        new._vocab, new._levels, new._n_train = self._vocab, self._levels[:new.order + 1], self._n_train
        new._memo = self._memo
        return new

    def _check_fitted(self):
        if self._levels is None:
            raise ValueError("this CharNGram is not fitted yet: call fit(text) first")

    @property
    def alphabet(self):
        """The characters of the training text, in code-point order."""
        self._check_fitted()
        return _from_code_points(self._vocab)

    @property
    def n_train(self):
        """How many characters the model was fitted on."""
        self._check_fitted()
        return self._n_train

    def __repr__(self):
        state = _("fitted on {n:,} characters, alphabet of {v}").format(n=self._n_train, v=len(self._vocab)) \
            if self._levels is not None else _("not fitted")
        return f"CharNGram(order={self.order}, adaptive={self.adaptive}, discount={self.discount:g}; {state})"

    # -- encoding text as symbols ------------------------------------------------
    def _symbols(self, text):
        """Symbol ids (escape for characters outside the alphabet) and the escapes' ranks."""
        cps = _code_points(text)
        V = len(self._vocab)
        idx = np.searchsorted(self._vocab, cps)
        known = (idx < V) & (self._vocab[np.minimum(idx, V - 1)] == cps)
        y = np.where(known, idx, V)
        ranks = cps[~known] - idx[~known]  # rank among the code points not in the alphabet
        return y, ranks

    def _context_labels(self, seq, n):
        """Training-context label of every position at every order (-1 where never seen)."""
        V = len(self._vocab)
        B = V + 2
        labels = np.zeros(n, dtype=np.int64)
        out = [labels]
        for k in range(1, self.order + 1):
            keys = self._levels[k].ctx_keys
            raw = labels * B + seq[self.order - k:self.order - k + n]
            pos = np.searchsorted(keys, raw)
            posc = np.minimum(pos, len(keys) - 1)
            labels = np.where((labels >= 0) & (keys[posc] == raw), posc, -1)
            out.append(labels)
        return out

    # -- the per-symbol integer intervals -------------------------------------------
    def _text_bounds(self, text):
        """Symbols, escape ranks, integer intervals and ln-probabilities of ``text`` (read-only arrays), remembered.

        A pure function of the fitted counts, the options and the text, so the
        last few results are kept (``_MEMO_SIZE``, oldest dropped first): a
        notebook that encodes a text and then asks for its cross-entropy, or an
        explorer returning to a setting, computes the intervals once.
        """
        key = (self.order, self.adaptive, self.discount, text)
        hit = self._memo.get(key)
        if hit is None:
            y, ranks = self._symbols(text)
            low, freq, lnp = self._bounds(y)
            hit = (y, ranks, low, freq, lnp)
            for a in hit:
                a.setflags(write=False)
            if len(self._memo) >= _MEMO_SIZE:
                del self._memo[next(iter(self._memo))]
            self._memo[key] = hit
        return hit

    def _bounds(self, y, every_order=False):
        """For symbols ``y``: the integer interval [low, low + freq) of each, out of S + V + 1, and ``ln p``.

        ``ln p`` is the natural log of the probability of the model as defined
        (floating point, no quantisation; without the escaped code point's
        share).  With ``every_order``, a list of (low, freq, ln p), one per order 0..k: the
        levels are computed from order 0 up, so the result after level j is
        exactly that of the order-j model (its ``with_options(order=j)``).
        """
        return self._bounds_from_counts(y, self._level_counts(y), self.discount, every_order)

    def _level_counts(self, y):
        """For symbols ``y``: the counts (N, u, C, m, n(c)) of every position's context at each order 0..k.

        What the probabilities are made of, before the discount enters: the
        training counts, plus (adaptive) those of ``y`` itself before each position.
        """
        n = len(y)
        V = len(self._vocab)
        A, B = V + 1, V + 2
        seq = np.concatenate((np.full(self.order, V + 1, dtype=np.int64), y))
        train_labels = self._context_labels(seq, n)
        local = np.zeros(n, dtype=np.int64)
        out = []
        for k, level in enumerate(self._levels):
            N, u, C, m, n_c = level.lookup(train_labels[k], y, A)
            if self.adaptive:
                if k:
                    raw = local * B + seq[self.order - k:self.order - k + n]
                    local = np.unique(raw, return_inverse=True)[1].reshape(-1).astype(np.int64)
                dN, du, dC, dm, dn = _counts_so_far(local, y, n_c == 0, A)
                N, u, C, m, n_c = N + dN, u + du, C + dC, m + dm, n_c + dn
            out.append((N, u, C, m, n_c))
        return out

    def _bounds_from_counts(self, y, counts, D, every_order=False):
        """:meth:`_bounds` from :meth:`_level_counts` and a discount ``D``."""
        n = len(y)
        V = len(self._vocab)
        A = V + 1
        F_lo = y / A  # the uniform order -1 distribution
        F_hi = (y + 1) / A
        lnp = np.full(n, -math.log(A))  # ln p_{-1}(y): the model as defined, in floating point
        per_order = []
        for k, (N, u, C, m, n_c) in enumerate(counts):
            seen = N > 0
            Ns = np.where(seen, N, 1)
            a_lo, b = _level_ab(C, m, Ns, u, D)
            a_hi, _ = _level_ab(C + n_c, m + (n_c > 0), Ns, u, D)
            F_lo = np.where(seen, _level_F(a_lo, b, F_lo), F_lo)
            F_hi = np.where(seen, _level_F(a_hi, b, F_hi), F_hi)
            lnp = np.where(seen, _level_lnp(n_c, Ns, b, D, lnp), lnp)
            if every_order or k == len(counts) - 1:
                low = _quantise(F_lo) + y
                high = np.where(y == V, 1 << _SCALE_BITS, _quantise(F_hi)) + y + 1
                per_order.append((low, high - low, lnp))
        return per_order if every_order else per_order[-1]

    def _cumulative_row(self, rows):
        """Integer cumulative frequencies of all symbols (length V + 2) from dense count rows.

        ``rows`` is a (levels, V + 1) integer array (or a list of rows): the counts
        after each context, from order 0 up.
        """
        R = np.asarray(rows)
        A = R.shape[1]
        P = R > 0
        C = np.cumsum(R, axis=1)
        m = np.cumsum(P, axis=1)
        N = C[:, -1:].copy()
        u = m[:, -1:].copy()
        C -= R
        m -= P
        seen = N[:, 0] > 0
        N[~seen] = 1
        a, b = _level_ab(C, m, N, u, self.discount)
        F = np.arange(A) / A
        for k in np.flatnonzero(seen):
            F = _level_F(a[k], b[k, 0], F)
        low = _quantise(F)
        low += np.arange(A)
        return np.append(low, (1 << _SCALE_BITS) + A)

    def _probability_row(self, rows):
        """Probabilities of all symbols (length V + 1) of the model as defined, from dense count rows."""
        R = np.asarray(rows)
        A = R.shape[1]
        D = self.discount
        p = np.full(A, 1.0 / A)
        for row in R:
            N = row.sum()
            if N > 0:
                p = (np.maximum(row - D, 0.0) + D * np.count_nonzero(row) * p) / N
        return p

    # -- public scoring ----------------------------------------------------------------
    def code_lengths(self, text, coded=False):
        """The code length in bits of every character of ``text``: its ``-log2 q``.

        By default ``q`` is the model as defined (floating-point probabilities,
        see the module docstring).  With ``coded=True`` it is the coder's
        model, the integer frequencies :func:`arithmetic_encode` narrows its
        range by: these lengths add up to what the coder writes, to within two
        bytes.  Characters outside the training alphabet cost the escape plus
        ``log2(0x110000 - V)`` bits for their code point, in both.
        """
        self._check_fitted()
        text = _check_text(text, "text")
        y, _, _, freq, lnp = self._text_bounds(text)
        return self._bits(y, freq) if coded else self._bits_defined(y, lnp)

    def _bits(self, y, freq):
        V = len(self._vocab)
        total = (1 << _SCALE_BITS) + V + 1
        bits = math.log2(total) - np.log2(freq.astype(np.float64))
        return bits + np.where(y == V, math.log2(_N_CODE_POINTS - V), 0.0)

    def _bits_defined(self, y, lnp):
        V = len(self._vocab)
        return -lnp / math.log(2) + np.where(y == V, math.log2(_N_CODE_POINTS - V), 0.0)

    def cross_entropy(self, text, base=2, coded=False):
        """Cross-entropy of the model on ``text``, per character (bits with ``base=2``).

        By default, of the model as defined (floating-point probabilities).  With
        ``coded=True``, of the coder's model (integer frequencies): exactly the
        ideal code length per character of :func:`arithmetic_encode`, which writes
        ``len(text) * H / 8`` bytes plus at most two.  The difference between the
        two is the coder's rounding (see the module docstring): tiny with enough
        smoothing, and negative where the model gives characters less than about
        ``2**-32``.  Perplexity is ``base ** H``.  An adaptive model counts ``text``
        as it goes, on a copy: calling this twice gives the same number.
        """
        lb = log_base(base)
        bits = self.code_lengths(text, coded=coded)
        return float(bits.sum() / len(bits) * (math.log(2) / lb))

    def cross_entropy_by_order(self, text, base=2, coded=False):
        """Cross-entropies of the models of order 0, 1, ..., ``order`` on ``text``, in one pass.

        Element ``j`` equals ``self.with_options(order=j).cross_entropy(text, base, coded)``
        exactly (the order-j model is this model's first j + 1 levels, which
        are computed from order 0 up anyway), at the cost of scoring once at
        the highest order: what a plot of cross-entropy against the order needs.

        Returns
        -------
        numpy.ndarray of shape (order + 1,)
        """
        self._check_fitted()
        text = _check_text(text, "text")
        lb = log_base(base)
        y, _ = self._symbols(text)
        bits = (self._bits(y, freq) if coded else self._bits_defined(y, lnp)
                for _low, freq, lnp in self._bounds(y, every_order=True))
        return np.array([b.sum() / len(y) * (math.log(2) / lb) for b in bits])

    def cross_entropy_grid(self, text, discounts, base=2):
        """Cross-entropies on ``text`` for several discounts and every order 0..k, as defined and as coded.

        ``H[i, j]`` equals ``self.with_options(order=j, discount=discounts[i]).cross_entropy(text, base)``
        exactly, and ``H_coded[i, j]`` the same with ``coded=True``: the counts of
        every position's contexts are looked up once (for an adaptive model, with
        the text's own counts so far), and only the arithmetic is repeated per
        discount.  What an explorer with a discount slider precomputes.

        Returns
        -------
        H, H_coded : numpy.ndarray of shape (len(discounts), order + 1)
        """
        self._check_fitted()
        text = _check_text(text, "text")
        lb = log_base(base)
        Ds = [check_scalar(D, "discount", low=0.0, high=1.0, low_inclusive=False) for D in discounts]
        y, _ = self._symbols(text)
        counts = self._level_counts(y)
        H = np.empty((len(Ds), len(counts)))
        H_coded = np.empty_like(H)
        for i, D in enumerate(Ds):
            for j, (_low, freq, lnp) in enumerate(self._bounds_from_counts(y, counts, D, every_order=True)):
                H[i, j] = self._bits_defined(y, lnp).sum() / len(y) * (math.log(2) / lb)
                H_coded[i, j] = self._bits(y, freq).sum() / len(y) * (math.log(2) / lb)
        return H, H_coded

    def guess_ranks(self, text, prompt=""):
        """The model's guess number for every character of ``text`` (continuing ``prompt``): 1 = its first guess.

        At each position the model guesses the alphabet's characters in order of
        decreasing probability (ties: in code-point order), as a reader plays
        Shannon's guessing game (:func:`shannon_guess_bounds`); the rank is how
        many guesses it needs.  A character outside the alphabet gets ``V + 1``
        (the model never guesses it).  The context is ``prompt`` followed by the
        characters before, as in :meth:`sample`; fitted counts only (not adaptive).

        Returns
        -------
        numpy.ndarray of int, shape (len(text),)
        """
        self._check_fitted()
        text = _check_text(text, "text")
        _check_text(prompt, "prompt", allow_empty=True)
        V = len(self._vocab)
        y = self._symbols(text)[0]
        ctx = [V + 1] * self.order
        if prompt and self.order:
            ctx = (ctx + list(self._symbols(prompt)[0]))[-self.order:]
        labels_of = _ContextLabels(self)
        out = np.empty(len(y), dtype=np.int64)
        for i, c in enumerate(y.tolist()):
            if c == V:
                out[i] = V + 1
            else:
                p = self._probability_row(labels_of.rows(ctx))[:V]
                out[i] = 1 + int(np.count_nonzero(p > p[c])) + int(np.count_nonzero(p[:c] == p[c]))
            if self.order:
                ctx = ctx[1:] + [c]
        return out

    def next_char_probs(self, text):
        """The model's distribution of each character of ``text`` given the characters before it.

        Row ``i`` holds the probability the fitted model gives every character of
        :attr:`alphabet` at position ``i``, from the ``order`` characters before
        it (start symbols before the text's beginning), with the escape left out
        and the rest renormalised to sum to 1.  Fitted counts only, even for an
        adaptive model, as in :meth:`sample` and :meth:`guess_ranks`.  Each
        distinct context is computed once and remembered by the model.

        Introduced in notebook 11_kl_in_llm_training, where the teacher of a
        distillation gives these rows (:func:`lossnotes.alignment.distil_char_student`).

        Parameters
        ----------
        text : str
            Characters outside the alphabet are allowed; in a context they are
            the escape symbol, which no training context contains.

        Returns
        -------
        numpy.ndarray, shape (len(text), len(alphabet))

        Examples
        --------
        >>> m = CharNGram(0).fit("aab")            # p(a), p(b), p(escape) = 1.733, 0.733, 0.533 (/ 3)
        >>> m.next_char_probs("a").round(4)        # 1.733 / 2.467 and 0.733 / 2.467
        array([[0.7027, 0.2973]])
        """
        self._check_fitted()
        text = _check_text(text, "text", allow_empty=True)
        K, V = self.order, len(self._vocab)
        ids = self._symbols(text)[0]
        padded = np.concatenate([np.full(K, V + 1, dtype=np.int64), ids])
        windows = np.lib.stride_tricks.sliding_window_view(padded, K)[:len(ids)]
        keys, inverse = np.unique(windows, axis=0, return_inverse=True)
        if self._next_rows is None:
            self._next_rows = (_ContextLabels(self), {})
        labels_of, cache = self._next_rows
        table = np.empty((len(keys), V))
        for j, key in enumerate(map(tuple, keys.tolist())):  # one pass per distinct context, not per character
            row = cache.get(key)
            if row is None:
                q = self._probability_row(labels_of.rows(list(key)))[:V]
                row = cache[key] = q / q.sum()
            table[j] = row
        return table[inverse.reshape(-1)]

    def perplexity(self, text):
        """``2 ** cross_entropy(text)``: the number of equally likely characters it amounts to."""
        return 2.0 ** self.cross_entropy(text)

    # -- sampling ------------------------------------------------------------------------
    def sample(self, n, temperature=1.0, seed=0, prompt=""):
        """Generate ``n`` characters, each drawn from the model at temperature ``temperature``.

        ``q_T(c) ∝ q(c) ** (1 / T)`` (softmax of ``log q / T``, notebook 08):
        T < 1 sharpens towards the most likely character, T > 1 flattens.  The
        escape is never drawn (samples stay in the training alphabet).  Seeded:
        the same arguments give the same text.  ``prompt`` (optional) is the
        context the sample continues.
        """
        self._check_fitted()
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise ValueError(f"n must be a non-negative integer, got {n!r}")
        T = check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)
        _check_text(prompt, "prompt", allow_empty=True)
        rng = np.random.default_rng(seed)
        V = len(self._vocab)
        ctx = [V + 1] * self.order
        if prompt:
            ctx = (ctx + list(self._symbols(prompt)[0]))[-self.order:] if self.order else []
        labels_of = _ContextLabels(self)
        rows = {}
        out = []
        for _ in range(int(n)):
            key = tuple(ctx)
            if key not in rows:
                with np.errstate(divide="ignore"):
                    logq = np.log(self._probability_row(labels_of.rows(ctx))[:V]) / T
                w = np.exp(logq - logq.max())
                rows[key] = np.cumsum(w / w.sum())
            c = int(np.searchsorted(rows[key], rng.random() * rows[key][-1], side="right"))
            c = min(c, V - 1)
            out.append(c)
            if self.order:
                ctx = ctx[1:] + [c]
        return _from_code_points(self._vocab[np.array(out, dtype=np.int64)]) if out else ""


class _ContextLabels:
    """Dense training count rows of a context, at every order (cached), for the sequential paths."""

    def __init__(self, model):
        self.model = model
        self.V = len(model._vocab)
        self.cache = {}

    def labels(self, ctx):
        """Training labels of the contexts of orders 0..K given the last K context ids."""
        m = self.model
        B = self.V + 2
        labs = [0]
        lab = 0
        K = m.order
        for k in range(1, K + 1):
            if lab < 0:
                labs.append(-1)
                continue
            keys = m._levels[k].ctx_keys
            raw = lab * B + ctx[K - k]
            pos = int(np.searchsorted(keys, raw))
            lab = pos if pos < len(keys) and keys[pos] == raw else -1
            labs.append(lab)
        return labs

    def rows(self, ctx):
        """The training count rows of the contexts of orders 0..K, as a (K + 1, V + 1) array."""
        key = tuple(ctx)
        hit = self.cache.get(key)
        if hit is None:
            A = self.V + 1
            hit = np.zeros((len(self.model._levels), A), dtype=np.int64)
            for k, (lvl, lab) in enumerate(zip(self.model._levels, self.labels(ctx))):
                if lab >= 0:
                    gs, ge = lvl.gstart[lab], lvl.gend[lab]
                    hit[k, lvl.pair_keys[gs:ge] - lab * A] = lvl.pair_counts[gs:ge]
            self.cache[key] = hit
        return hit


def _counts_so_far(groups, y, new_pair, A):
    """Counts of the text itself before each position, within each position's context group.

    For position i with context group g and symbol y_i, over the earlier
    positions j < i of the same group: dN = how many; dn = how many have
    y_j = y_i; dC = how many have y_j < y_i; du = how many distinct symbols
    appeared that training had not seen after this context (``new_pair``
    marks positions whose (context, symbol) pair training never saw); dm = the
    same restricted to symbols < y_i.  Vectorised: a stable sort by group and
    cumulative sums (no Python loop over positions).
    """
    n = len(y)
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    ys = y[order]
    idx = np.arange(n)
    first = np.empty(n, dtype=bool)
    first[0] = True
    first[1:] = g[1:] != g[:-1]
    start = np.maximum.accumulate(np.where(first, idx, 0))
    dN = idx - start
    # rank within (group, symbol) and first occurrences of each pair in the text
    pair = g * A + ys
    o2 = np.argsort(pair, kind="stable")
    p2 = pair[o2]
    f2 = np.empty(n, dtype=bool)
    f2[0] = True
    f2[1:] = p2[1:] != p2[:-1]
    s2 = np.maximum.accumulate(np.where(f2, idx, 0))
    dn_sorted = np.empty(n, dtype=np.int64)
    dn_sorted[o2] = idx - s2
    first_new = np.zeros(n, dtype=np.int64)
    first_new[o2] = f2 & new_pair[order][o2]
    # du: cumulative count of first-new flags within the group, before the position
    cs = np.cumsum(first_new)
    excl = cs - first_new
    du = excl - excl[start]
    # dominance sums over (earlier in group, smaller symbol): packed weights 1 + flag * 2**32
    # (columns: the symbols that occur, in order -- "smaller symbol" is unchanged, the table smaller)
    present, yc = np.unique(ys, return_inverse=True)
    yc = yc.reshape(-1)
    w = 1 + (first_new << 32)
    W = np.zeros((n + 1, len(present) + 1), dtype=np.int64)
    W[idx + 1, yc + 1] = w
    np.cumsum(W, axis=0, out=W)
    np.cumsum(W, axis=1, out=W)
    packed = W[idx, yc] - W[start, yc]  # rows before i (and from the group start), symbols < y_i
    del W
    dC = packed & 0xFFFFFFFF
    dm = packed >> 32
    out = [np.empty(n, dtype=np.int64) for _ in range(5)]
    for o, v in zip(out, (dN, du, dC, dm, dn_sorted)):
        o[order] = v
    return tuple(out)


# --------------------------------------------------------------------------- the coder

_W = 64  # bits of the coder's range register
_TOP = 1 << _W
_BOT = 1 << (_W - 8)  # renormalise (output a byte) when the range falls below this
_SHIFT = _W - 8
_LOW_MASK = _BOT - 1


def arithmetic_encode(text, model):
    """Compress ``text`` with ``model``'s probabilities: a range coder in integer arithmetic.

    A 64-bit range coder with carry propagation (the scheme of LZMA's range
    coder, widened): each character narrows the range to its integer
    frequency interval out of ``2**32 + V + 1`` (see the module docstring);
    an escaped character is followed by its code point, uniform among the
    code points outside the alphabet.  The probabilities of the whole text
    are computed first, vectorised; only the interval arithmetic runs per
    character.  The output is ``len(text) * model.cross_entropy(text, coded=True) / 8``
    bytes plus one or two.

    Parameters
    ----------
    text : str
        Any text; characters the model never saw are coded through the escape.
    model : CharNGram
        A fitted model (not changed: an adaptive model adapts on a copy).

    Returns
    -------
    bytes
        Decode with :func:`arithmetic_decode` and the same model and ``len(text)``.
    """
    if not isinstance(model, CharNGram):
        raise TypeError(f"model must be a CharNGram, got {type(model).__name__}")
    model._check_fitted()
    text = _check_text(text, "text", allow_empty=True)
    if not text:
        return b""
    y, ranks, low_arr, freq_arr, _lnp = model._text_bounds(text)
    V = len(model._vocab)
    total = (1 << _SCALE_BITS) + V + 1
    esc_total = _N_CODE_POINTS - V
    esc = (y == V).tolist()
    ranks = iter(ranks.tolist())
    out = bytearray()
    low, rng = 0, _TOP - 1
    cache, cache_size = 0, 1

    def shift_low(low, cache, cache_size):
        if low < (0xFF << _SHIFT) or low >= _TOP:
            carry = low >> _W
            temp = cache
            while True:
                out.append((temp + carry) & 0xFF)
                temp = 0xFF
                cache_size -= 1
                if not cache_size:
                    break
            cache = (low >> _SHIFT) & 0xFF
        return (low & _LOW_MASK) << 8, cache, cache_size + 1

    for start, size, is_esc in zip(low_arr.tolist(), freq_arr.tolist(), esc):
        r = rng // total
        low += r * start
        rng = r * size
        while rng < _BOT:
            rng <<= 8
            low, cache, cache_size = shift_low(low, cache, cache_size)
        if is_esc:
            r = rng // esc_total
            low += r * next(ranks)
            rng = r
            while rng < _BOT:
                rng <<= 8
                low, cache, cache_size = shift_low(low, cache, cache_size)
    # Flush: any value in [low, low + rng) identifies the text; take the one with the most
    # trailing zero bits (rng >= 2**56, so rounding low up to a multiple of 2**56 stays inside).
    low = (low + _LOW_MASK) & ~_LOW_MASK
    for _ in range(2):
        low, cache, cache_size = shift_low(low, cache, cache_size)
    # The decoder reads zeros past the end, so trailing zero bytes need not be stored; the first
    # byte is always 0 (the initial cache) and is dropped too.
    return bytes(out[1:]).rstrip(b"\x00")


def arithmetic_decode(data, model, n_chars):
    """Decode ``n_chars`` characters written by :func:`arithmetic_encode` with the same model.

    Sequential by nature: each character's context is the characters decoded
    before it.  The integer frequencies are computed for every symbol of the
    context with exactly the floating-point operations the encoder used, so
    the round trip is exact.
    """
    if not isinstance(model, CharNGram):
        raise TypeError(f"model must be a CharNGram, got {type(model).__name__}")
    model._check_fitted()
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    if isinstance(n_chars, bool) or not isinstance(n_chars, numbers.Integral) or n_chars < 0:
        raise ValueError(f"n_chars must be a non-negative integer, got {n_chars!r}")
    n_chars = int(n_chars)
    if n_chars == 0:
        return ""
    V = len(model._vocab)
    A = V + 1
    K = model.order
    total = (1 << _SCALE_BITS) + A
    esc_total = _N_CODE_POINTS - V
    buf = bytes(data) + b"\x00" * 16
    pos = _W // 8
    code = int.from_bytes(buf[:pos], "big")
    rng = _TOP - 1

    def next_byte(pos):
        return (buf[pos] if pos < len(buf) else 0), pos + 1

    labels_of = _ContextLabels(model)
    ctx = [V + 1] * K
    cum_cache = {}
    combined = [dict() for _ in range(K + 1)]  # adaptive: training + text counts, per context
    vocab = model._vocab
    out = []
    for _ in range(n_chars):
        key = tuple(ctx)
        if model.adaptive:
            train_rows = None
            rows = []
            for k in range(K + 1):
                kk = key[K - k:]
                row = combined[k].get(kk)
                if row is None:
                    if train_rows is None:
                        train_rows = labels_of.rows(ctx)
                    row = combined[k][kk] = train_rows[k].copy()
                rows.append(row)
            cum = model._cumulative_row(rows)
        else:
            cum = cum_cache.get(key)
            if cum is None:
                cum = cum_cache[key] = model._cumulative_row(labels_of.rows(ctx))
        r = rng // total
        v = min(code // r, total - 1)
        s = int(np.searchsorted(cum, v, side="right")) - 1
        lo, hi = int(cum[s]), int(cum[s + 1])
        code -= r * lo
        rng = r * (hi - lo)
        while rng < _BOT:
            b, pos = next_byte(pos)
            code = (code << 8) | b
            rng <<= 8
        if s == V:
            r = rng // esc_total
            rank = min(code // r, esc_total - 1)
            code -= r * rank
            rng = r
            while rng < _BOT:
                b, pos = next_byte(pos)
                code = (code << 8) | b
                rng <<= 8
            cp = rank
            while True:  # the rank-th code point not in the alphabet
                nxt = rank + int(np.searchsorted(vocab, cp, side="right"))
                if nxt == cp:
                    break
                cp = nxt
            out.append(cp)
        else:
            out.append(int(vocab[s]))
        if model.adaptive:
            for row in rows:
                row[s] += 1
        if K:
            ctx = ctx[1:] + [s]
    return _from_code_points(out)


# --------------------------------------------------------------------------- baselines

_SIZE_CACHE = {}
_COMPRESSORS = {
    "gzip": lambda d: zlib.compress(d, 9),
    "bz2": lambda d: bz2.compress(d, 9),
    "xz": lambda d: _xz(d),
}


def _xz(data):
    """``xz -9e``, with the dictionary no bigger than the input (a power of two, 4 KiB to 64 MiB).

    A dictionary larger than the input holds nothing more; the smaller one
    only saves memory (tens of MB instead of 674 MB) and time.  The
    compressed sizes of the shipped texts equal plain ``preset=9 | EXTREME``
    to the byte (tested); only the dictionary size in the header differs.
    """
    dict_size = min(max(1 << 12, 1 << (max(len(data), 1) - 1).bit_length()), 1 << 26)
    return lzma.compress(data, filters=[{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME,
                                         "dict_size": dict_size}])


def _compressed_size(name, data):
    key = (name, hashlib.sha1(data).hexdigest())
    if key not in _SIZE_CACHE:
        _SIZE_CACHE[key] = len(_COMPRESSORS[name](data))
    return _SIZE_CACHE[key]


#: What each compressor can refer back to while it codes (bytes of input before the current one):
#: deflate's window; bzip2's block at level 9 (it sorts and codes each block on its own; the
#: block holds at most 900,000 - 19 bytes after its first run-length pass, about 900,000 of
#: ordinary text); xz: everything (its dictionary is at least the input here, see ``_xz``).
COMPRESSOR_MEMORY = {"gzip": 32 * 1024, "bz2": 900_000, "xz": None}


def compressor_bits_per_char(train, heldout):
    """Bits per character of ``heldout`` for gzip, bz2 and xz, with or without ``train`` in front.

    Each compressor (Python's :mod:`zlib` at level 9, :mod:`bz2` at level 9 and
    :mod:`lzma` at preset 9 | EXTREME, i.e. ``xz -9e``) compresses the UTF-8 bytes of ``train``
    alone and of ``train + heldout``; the difference in size is what the
    held-out text costs after the training text.  With ``train=None`` it is the
    size of the held-out text compressed on its own (headers included).

    How much of the training text a compressor can use is its own affair, and
    it is not what the model knows (see :func:`compressor_reach`): gzip refers
    back at most 32 KiB, bz2 sorts and codes each 900 kB block on its own (so
    the held-out text sees only the training text in its block), and only xz
    (dictionary at least the input) can refer back to all of it.

    Sizes are cached (per compressor and input), so a second call with the
    same training text only compresses ``train + heldout``, and a repeated
    call compresses nothing.  The compressors run in threads (they release
    the GIL), so on a machine with several cores their times overlap.

    Returns
    -------
    dict
        ``{"gzip": bits/char, "bz2": bits/char, "xz": bits/char}``.
    """
    heldout = _check_text(heldout, "heldout")
    b = heldout.encode("utf-8", "surrogatepass")
    if train is None:
        a = None
    else:
        a = _check_text(train, "train").encode("utf-8", "surrogatepass")
        b = a + b
    # the slowest compressor first, so that its jobs start first
    jobs = [(name, which, data) for name in ("xz", "bz2", "gzip") for which, data in (("b", b), ("a", a))
            if data is not None]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        sizes = pool.map(lambda job: _compressed_size(job[0], job[2]), jobs)
        size = {job[:2]: n for job, n in zip(jobs, sizes)}
    return {name: 8.0 * (size[name, "b"] - size.get((name, "a"), 0)) / len(heldout) for name in _COMPRESSORS}


def compressor_reach(train, heldout):
    """How many bytes of ``train`` each compressor can refer back to while it codes ``heldout``.

    For gzip, at most its 32 KiB window; for bz2, the training bytes that
    share a 900 kB block with the held-out text (approximate: the block
    boundary moves a little with runs of four or more equal bytes); for xz,
    all of them.  These are what :func:`compressor_bits_per_char` lets each
    compressor use, against the model's whole training text.

    Returns
    -------
    dict
        ``{"gzip": bytes, "bz2": bytes, "xz": bytes}``, and ``"train"``: the size of the training text.
    """
    n_train = len(_check_text(train, "train").encode("utf-8", "surrogatepass"))
    n_held = len(_check_text(heldout, "heldout").encode("utf-8", "surrogatepass"))
    block = COMPRESSOR_MEMORY["bz2"]
    first_block_of_heldout = (n_train // block) * block      # where the block holding the first held-out byte starts
    return {"gzip": min(n_train, COMPRESSOR_MEMORY["gzip"]),
            "bz2": n_train - first_block_of_heldout,
            "xz": n_train,
            "train": n_train}


# --------------------------------------------------------------------------- Shannon's guessing game

def shannon_guess_bounds(guesses, base=2):
    """Shannon's (1951) bounds on the entropy per character from a guessing game.

    A reader (or a model) guesses each next character until right; ``guesses``
    holds how many guesses each character needed.  With ``q_i`` the share of
    characters that needed ``i`` guesses (``q_{m+1} = 0`` past the largest ``m``),

    .. math::  \\sum_i i\\,(q_i - q_{i+1}) \\log i \\;\\le\\; H \\;\\le\\; \\sum_i q_i \\log \\frac{1}{q_i}.

    The upper bound is the entropy of the guess numbers (an identical twin
    who guesses the same way could decode them); the lower bound holds for
    the ideal guesser (C. E. Shannon, "Prediction and Entropy of Printed
    English", Bell System Technical Journal 30, 1951).

    Parameters
    ----------
    guesses : sequence of int >= 1
    base : {2, e, 10} or unit name, default 2 (bits)

    Returns
    -------
    (lower, upper) : tuple of float

    Examples
    --------
    >>> shannon_guess_bounds([1, 1, 2, 4])     # q = (1/2, 1/4, 0, 1/4)
    (1.311278124459133, 1.5)
    """
    g = np.asarray(guesses)
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"guesses must be a non-empty 1-d sequence of guess counts, got shape {g.shape}")
    if not np.issubdtype(g.dtype, np.integer):
        if not np.issubdtype(g.dtype, np.floating) or not np.all(g == np.round(g)):
            raise ValueError("guesses must be whole numbers of guesses (1, 2, ...)")
        g = g.astype(np.int64)
    if (g < 1).any():
        raise ValueError(f"guesses must be at least 1, got {int(g.min())}")
    lb = log_base(base)
    q = np.bincount(g)[1:] / g.size                     # q[i - 1]: share needing i guesses
    i = np.arange(1, q.size + 1)
    nz = q > 0
    upper = float(-(q[nz] * np.log(q[nz])).sum() / lb) + 0.0    # + 0.0: never -0.0
    q_next = np.append(q[1:], 0.0)
    lower = float((i * (q - q_next) * np.log(i)).sum() / lb)
    return lower, upper


# --------------------------------------------------------------------------- the coder, by hand

def _fraction(p):
    """An exact Fraction: ``"3/5"`` and ``Fraction(3, 5)`` as they are, a float as its shortest decimal (0.6 -> 3/5)."""
    from fractions import Fraction
    return Fraction(repr(p)) if isinstance(p, float) else Fraction(p)


def interval_steps(message, probabilities):
    """The interval an arithmetic coder narrows, symbol by symbol, in exact fractions (MacKay, ch. 6).

    Parameters
    ----------
    message : sequence of symbols (a str is a sequence of characters)
    probabilities : mapping symbol -> probability
        A static model: probabilities that sum to 1 exactly (Fractions, strings
        such as ``"3/5"``, or floats, read as their shortest decimal: 0.6 is 3/5).  Their order is the order of the
        sub-intervals: each symbol owns the slice of the current interval
        between the cumulative probabilities before and after it.

    Returns
    -------
    list of (prefix, low, high)
        Fractions, from ``(message[:0], 0, 1)`` to the whole message; the last width
        ``high - low`` is the probability of the message.
    """
    from fractions import Fraction
    probs = {c: _fraction(p) for c, p in dict(probabilities).items()}
    if any(p <= 0 for p in probs.values()) or sum(probs.values()) != 1:
        raise ValueError("probabilities must be positive and sum to 1 exactly")
    cum, below = {}, Fraction(0)
    for c, p in probs.items():
        cum[c] = below
        below += p
    low, high = Fraction(0), Fraction(1)
    steps = [(message[:0], low, high)]
    for i, c in enumerate(message):
        if c not in probs:
            raise ValueError(f"symbol {c!r} has no probability")
        width = high - low
        low, high = low + width * cum[c], low + width * (cum[c] + probs[c])
        steps.append((message[:i + 1], low, high))
    return steps


def shortest_codeword(low, high):
    """The shortest bit string ``b`` whose whole binary interval lies inside ``[low, high)``.

    ``b`` stands for the interval ``[0.b, 0.b + 2**-len(b))`` (binary
    fractions).  Because all of it lies inside ``[low, high)``, no longer
    message's codeword can start with ``b``: the code is prefix-free.  Its
    length is at most ``ceil(log2(1 / (high - low))) + 1``, less than two
    bits more than the ideal ``log2(1 / (high - low))``.
    """
    from fractions import Fraction
    low, high = Fraction(low), Fraction(high)
    if not 0 <= low < high <= 1:
        raise ValueError(f"need 0 <= low < high <= 1, got [{low}, {high})")
    L = 0
    while True:
        k = -((-low.numerator << L) // low.denominator)   # ceil(low * 2**L)
        if Fraction(k + 1, 1 << L) <= high:
            return format(k, f"0{L}b") if L else ""
        L += 1
