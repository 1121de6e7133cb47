"""Prefix codes: Huffman construction, Shannon code lengths, expected code length.

Cross-entropy has a concrete meaning: if you build a binary code for a
distribution ``q`` and use it on symbols that actually follow ``p``, you pay
about H(p, q) bits per symbol.  This module builds such codes for real, so
that the notebooks can count the bits instead of only quoting the formula.

- :func:`huffman_code` -- an optimal prefix code for ``q`` (deterministic tie rule);
- :func:`code_from_lengths` -- the canonical prefix code with given lengths
  (it exists whenever the Kraft sum is at most 1);
- :func:`shannon_lengths` -- the lengths ceil(-log2 q) of a Shannon code;
- :func:`expected_length` -- sum of p(x) L(x), in bits;
- :func:`block_distribution` -- the distribution of blocks of k independent
  symbols, for coding blocks (how a code gets below one bit per symbol);
- :func:`kraft_sum` and :func:`is_prefix_free` -- the two checks on a code;
- :func:`codeword_intervals` -- the share of the code space that each codeword
  uses (the picture behind Kraft's inequality).

All codes are binary, so every length is in **bits**.

Introduced in notebook ``03_cross_entropy`` (:func:`block_distribution` in ``02_entropy``).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_probabilities
from .i18n import _

__all__ = [
    "PrefixCode",
    "huffman_code",
    "code_from_lengths",
    "shannon_lengths",
    "expected_length",
    "block_distribution",
    "kraft_sum",
    "is_prefix_free",
    "codeword_intervals",
]


# --------------------------------------------------------------------------- helpers


def _distribution_1d(q, name):
    arr = check_probabilities(q, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one probability vector (1-D), got shape {arr.shape}")
    return arr.astype(np.float64, copy=False)


def _labels(labels, n):
    if labels is None:
        return tuple(f"x{i + 1}" for i in range(n))
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be a sequence of names, not a single string")
    out = tuple(str(lab) for lab in labels)
    if len(out) != n:
        raise ValueError(f"labels has {len(out)} names but there are {n} symbols")
    if len(set(out)) != n:
        raise ValueError("labels must be distinct")
    return out


def _check_lengths(lengths, name="lengths", *, integer=False, allow_inf=True):
    if isinstance(lengths, PrefixCode):
        return lengths.lengths.astype(np.float64)
    if isinstance(lengths, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a {type(lengths).__name__}")
    try:
        raw = np.asarray(lengths)
    except Exception as exc:
        raise TypeError(f"{name} could not be converted to an array of numbers: {exc}") from None
    if raw.dtype == object or raw.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {raw.dtype}")
    arr = raw.astype(np.float64)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if (arr < 0).any():
        raise ValueError(f"{name} must be >= 0, got {float(arr.min())!r}")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} contains inf; every symbol needs a finite codeword length")
    if integer and (arr != np.round(arr)).any():
        raise ValueError(f"{name} must be whole numbers of bits")
    return arr


# --------------------------------------------------------------------------- the code object


@dataclass(frozen=True, eq=False)
class PrefixCode:
    """A binary prefix code: one codeword per symbol.

    Introduced in notebook ``03_cross_entropy``.

    Attributes
    ----------
    labels : tuple of str
        The symbols' names, in the order of the distribution they were built from.
    codewords : tuple of str
        The codeword of each symbol, a string of ``'0'`` and ``'1'``.
    lengths : numpy.ndarray of int
        ``len(codeword)`` for each symbol, in bits (read-only).

    Examples
    --------
    >>> code = huffman_code([0.5, 0.25, 0.25], labels=["a", "b", "c"])
    >>> code.as_dict()
    {'a': '0', 'b': '10', 'c': '11'}
    >>> bits = code.encode(["b", "a", "c"]); bits
    '10011'
    >>> code.decode(bits)
    ['b', 'a', 'c']
    """

    labels: tuple
    codewords: tuple
    lengths: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        labels = _labels(self.labels, len(self.labels))
        if isinstance(self.codewords, (str, bytes)) or not all(isinstance(c, str) for c in self.codewords):
            raise TypeError("codewords must be a sequence of strings of '0' and '1'")
        words = tuple(self.codewords)
        if len(words) != len(labels):
            raise ValueError(f"there are {len(labels)} labels but {len(words)} codewords")
        if any(set(c) - {"0", "1"} for c in words):
            raise ValueError("codewords must contain only '0' and '1'")
        if not is_prefix_free(words):
            raise ValueError("codewords are not prefix-free: one codeword starts another")
        lengths = np.array([len(c) for c in words], dtype=np.int64)
        lengths.setflags(write=False)
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "codewords", words)
        object.__setattr__(self, "lengths", lengths)

    def __len__(self):
        return len(self.codewords)

    def __repr__(self):
        pairs = ", ".join(f"{lab}: {cw or _('(empty)')}" for lab, cw in zip(self.labels, self.codewords))
        return f"PrefixCode({pairs})"

    def as_dict(self):
        """``{label: codeword}``, in symbol order."""
        return dict(zip(self.labels, self.codewords))

    def encode(self, message):
        """Concatenate the codewords of a message: no separators are needed.

        Parameters
        ----------
        message : sequence of str or array_like of int
            Either symbol labels, or integer symbol indices in ``[0, len(code))``
            (e.g. samples from ``numpy.random.Generator.choice``).

        Returns
        -------
        str
            The bit string; its length is the message's cost in bits.

        Examples
        --------
        >>> huffman_code([0.5, 0.25, 0.25]).encode([0, 0, 2])
        '0011'
        """
        if isinstance(message, str):
            raise TypeError("message must be a sequence of labels or indices, not a single string")
        items = list(message)
        if items and all(isinstance(m, str) for m in items):
            index = {lab: i for i, lab in enumerate(self.labels)}
            unknown = [m for m in items if m not in index]
            if unknown:
                raise ValueError(f"message has a symbol {unknown[0]!r} that is not one of {list(self.labels)}")
            idx = [index[m] for m in items]
        else:
            arr = np.asarray(items)
            if arr.size and (arr.dtype == bool or arr.dtype.kind not in "iu"):
                raise TypeError("message must hold labels (str) or integer symbol indices")
            if arr.size and (arr.min() < 0 or arr.max() >= len(self)):
                raise ValueError(f"message has a symbol index out of range [0, {len(self) - 1}]")
            idx = arr.astype(np.intp).ravel().tolist()
        words = self.codewords
        return "".join([words[i] for i in idx])

    def decode(self, bits):
        """Split a bit string back into symbols, reading left to right.

        Because no codeword is a prefix of another, the first codeword that
        matches is the only one that can, so decoding needs no separators.

        Parameters
        ----------
        bits : str
            A string of ``'0'`` and ``'1'``, as made by :meth:`encode`.

        Returns
        -------
        list of str
            The symbol labels.

        Examples
        --------
        >>> huffman_code([0.5, 0.25, 0.25], labels=list("abc")).decode("110100")
        ['c', 'a', 'b', 'a']
        """
        if not isinstance(bits, str):
            raise TypeError(f"bits must be a string of '0' and '1', got {type(bits).__name__}")
        if len(self) == 1:
            raise ValueError("a one-symbol code has the empty codeword: the bits cannot tell how many symbols were sent")
        lookup = {cw: lab for lab, cw in zip(self.labels, self.codewords)}
        out, start = [], 0
        for end in range(1, len(bits) + 1):
            if bits[end - 1] not in "01":
                raise ValueError(f"bits has a character {bits[end - 1]!r} at position {end - 1}; only '0' and '1' are allowed")
            word = bits[start:end]
            if word in lookup:
                out.append(lookup[word])
                start = end
        if start != len(bits):
            raise ValueError(f"bits ends with {bits[start:]!r}, which is not a whole codeword")
        return out


# --------------------------------------------------------------------------- public API


def huffman_code(q, labels=None):
    r"""Build a binary Huffman code for the distribution ``q``.

    Introduced in notebook ``03_cross_entropy``.

    Huffman's algorithm repeatedly merges the two least probable nodes; it
    gives a prefix code with the smallest possible expected length
    :math:`L_q = \sum_x q(x)\, \ell(x)` in bits, and
    :math:`H(q) \le L_q < H(q) + 1` when every q(x) > 0.

    Parameters
    ----------
    q : array_like, shape (n,)
        The distribution the code is built for (entries in [0, 1] summing to
        1; checked, never renormalised).  Symbols with ``q = 0`` still get a
        codeword (a real code must be able to send every symbol); they end up
        among the longest.
    labels : sequence of str, optional
        Names of the symbols, distinct; default ``x1, x2, ...``.

    Returns
    -------
    PrefixCode
        ``codewords`` and ``lengths`` (bits) in the order of ``q``.  A single
        symbol gets the empty codeword (length 0: nothing needs sending).

    Notes
    -----
    The result is deterministic.  **Tie rule:** every node has a creation
    number: the leaves are numbered ``0 .. n-1`` in the order of ``q``, and
    each merged node gets the next number (``n, n+1, ...``) when it is made.
    At each step the two nodes of smallest probability are taken; among equal
    probabilities the one with the smaller creation number is taken first, so
    leaves go before merged nodes and older nodes before newer ones.  (This
    is the classic rule that gives the minimum-variance Huffman code.)  The
    first node taken gets bit ``0``, the second bit ``1``.  Probabilities are
    compared after rounding to 12 decimal places, so that a computed sum such
    as 0.1 + 0.2 ties with 0.3.

    Huffman is optimal *for q*.  Used on symbols drawn from another
    distribution p, its expected length is at least H(p) (true of every prefix
    code), but it can exceed H(p, q) + 1, which the Shannon lengths
    (:func:`shannon_lengths`) never do.

    Examples
    --------
    >>> code = huffman_code([0.5, 0.25, 0.125, 0.125], labels=["a", "b", "c", "d"])
    >>> code.codewords
    ('0', '10', '110', '111')
    >>> code.lengths.tolist()
    [1, 2, 3, 3]
    >>> huffman_code([0.25, 0.25, 0.25, 0.25]).codewords   # ties: leaves in index order
    ('00', '01', '10', '11')
    """
    q = _distribution_1d(q, "q")
    n = q.size
    names = _labels(labels, n)
    if n == 1:
        return PrefixCode(names, ("",))
    # Heap entries: (rounded probability, creation number, exact probability, leaves).
    heap = [(round(float(w), 12), i, float(w), (i,)) for i, w in enumerate(q)]
    heapq.heapify(heap)
    bits = [[] for _ in range(n)]  # bits collected from the leaf upwards
    created = n
    while len(heap) > 1:
        _, _, w0, leaves0 = heapq.heappop(heap)
        _, _, w1, leaves1 = heapq.heappop(heap)
        for i in leaves0:
            bits[i].append("0")
        for i in leaves1:
            bits[i].append("1")
        w = w0 + w1
        heapq.heappush(heap, (round(w, 12), created, w, leaves0 + leaves1))
        created += 1
    return PrefixCode(names, tuple("".join(reversed(b)) for b in bits))


def code_from_lengths(lengths, labels=None):
    r"""The canonical binary prefix code with the given codeword lengths.

    Introduced in notebook ``03_cross_entropy``.

    A prefix code with lengths :math:`\ell_1, \dots, \ell_n` exists if and
    only if the Kraft sum :math:`\sum_x 2^{-\ell(x)} \le 1`.  This builds one:
    symbols are taken in order of length (ties in index order) and each gets
    the next binary number of its length.

    Parameters
    ----------
    lengths : array_like of int, shape (n,)
        Codeword lengths in bits, whole numbers >= 0 (a length 0 is only
        possible for a single symbol: otherwise the Kraft sum exceeds 1).
    labels : sequence of str, optional
        Names of the symbols; default ``x1, x2, ...``.

    Returns
    -------
    PrefixCode

    Raises
    ------
    ValueError
        If the Kraft sum exceeds 1 (no prefix code has these lengths).

    Examples
    --------
    >>> code_from_lengths([2, 1, 3, 3]).codewords
    ('10', '0', '110', '111')
    >>> code_from_lengths([2, 2, 2, 2, 5]).codewords[-1]
    Traceback (most recent call last):
    ...
    ValueError: lengths have Kraft sum 1.03125 > 1: no prefix code has these lengths
    """
    ell = _check_lengths(lengths, integer=True, allow_inf=False).astype(np.int64)
    names = _labels(labels, ell.size)
    total = kraft_sum(ell)
    if total > 1:
        raise ValueError(f"lengths have Kraft sum {total:g} > 1: no prefix code has these lengths")
    if ell.size == 1:
        return PrefixCode(names, ("0" * int(ell[0]),))
    order = sorted(range(ell.size), key=lambda i: (int(ell[i]), i))
    words = [""] * ell.size
    value, prev = 0, int(ell[order[0]])
    for k, i in enumerate(order):
        li = int(ell[i])
        if k:
            value = (value + 1) << (li - prev)
        words[i] = format(value, f"0{li}b")
        prev = li
    return PrefixCode(names, tuple(words))


def shannon_lengths(q):
    r"""Shannon code lengths :math:`\lceil -\log_2 q(x) \rceil` in bits.

    Introduced in notebook ``03_cross_entropy``.

    They satisfy the Kraft inequality, so a prefix code with these lengths
    exists (:func:`code_from_lengths`).  Each length is less than one bit
    above the ideal :math:`-\log_2 q(x)`, hence for symbols drawn from any p
    (with q > 0 wherever p > 0)

    .. math:: H(p, q) \le \sum_x p(x) \lceil -\log_2 q(x) \rceil < H(p, q) + 1 .

    Parameters
    ----------
    q : array_like, shape (n,)
        A probability vector (checked, never renormalised).

    Returns
    -------
    numpy.ndarray of float, shape (n,)
        Whole numbers of bits; ``inf`` where ``q = 0`` (such a symbol gets no
        codeword).  A value of -log2 q within 1e-9 of a whole number is
        treated as that whole number, so that 0.1 + 0.15 counts as 1/4.

    Examples
    --------
    >>> shannon_lengths([0.5, 0.25, 0.25]).tolist()
    [1.0, 2.0, 2.0]
    >>> shannon_lengths([0.4, 0.3, 0.2, 0.1, 0.0]).tolist()
    [2.0, 2.0, 3.0, 4.0, inf]
    """
    q = _distribution_1d(q, "q")
    out = np.full(q.shape, np.inf)
    pos = q > 0
    ideal = -np.log2(q[pos])
    near = np.round(ideal)
    out[pos] = np.where(np.abs(ideal - near) < 1e-9, near, np.ceil(ideal))
    return out + 0.0  # no negative zeros (q = 1 gives length 0)


def expected_length(p, lengths):
    r"""Expected codeword length :math:`L_p = \sum_x p(x)\, \ell(x)` in bits.

    Introduced in notebook ``03_cross_entropy``.

    For any prefix code, :math:`L_p \ge H(p)` (Kraft's inequality plus
    Gibbs' inequality).  With ideal lengths :math:`\ell = -\log_2 q` this is
    the cross-entropy H(p, q) in bits.

    Parameters
    ----------
    p : array_like, shape (n,) or (..., n)
        The distribution the symbols are drawn from (checked, never renormalised).
        A batch of distributions along the last axis gives one value each.
    lengths : array_like, shape (n,), or PrefixCode
        Codeword lengths in bits (>= 0; ``inf`` allowed for a symbol that has
        no codeword).  A :class:`PrefixCode` stands for its lengths.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        Bits per symbol.  Terms with p(x) = 0 contribute 0, even when the
        length is ``inf``; a symbol with p(x) > 0 and no codeword gives ``inf``.

    Examples
    --------
    >>> print(expected_length([0.5, 0.25, 0.25], [1, 2, 2]))
    1.5
    >>> code = huffman_code([0.5, 0.25, 0.125, 0.125])
    >>> print(expected_length([0.25, 0.25, 0.25, 0.25], code))   # the code used on other data
    2.25
    >>> print(expected_length([0.5, 0.5, 0.0], [1, 1, np.inf]))
    1.0
    """
    ell = _check_lengths(lengths)
    p = check_probabilities(p, "p").astype(np.float64, copy=False)
    if p.shape[-1] != ell.size:
        raise ValueError(f"p has {p.shape[-1]} outcomes but lengths has {ell.size}")
    terms = np.zeros(p.shape)
    np.multiply(p, ell, out=terms, where=p > 0)
    return terms.sum(axis=-1)[()] + 0.0


def block_distribution(p, k):
    r"""The distribution of a block of ``k`` independent symbols, each drawn from ``p``.

    Introduced in notebook ``02_entropy`` (fractional questions: coding
    blocks of coin flips); used again in ``03_cross_entropy``.

    A block :math:`(x_1, \dots, x_k)` has probability
    :math:`p(x_1)\,p(x_2) \cdots p(x_k)`.  A prefix code built for blocks
    (e.g. :func:`huffman_code` of this distribution) spends its rounding
    overhead, less than one bit per block, on ``k`` symbols at once: its
    expected length per symbol :math:`L_k / k` satisfies
    :math:`H(p) \le L_k / k < H(p) + 1/k`, because the entropy of a block of
    independent symbols is :math:`k\, H(p)`.

    Parameters
    ----------
    p : array_like, shape (n,)
        The distribution of one symbol (checked, never renormalised).
    k : int
        Block length, at least 1.  The result has :math:`n^k` entries, which
        must not exceed 2**20.

    Returns
    -------
    numpy.ndarray, shape (n**k,)
        Block probabilities in lexicographic order of the blocks (the first
        symbol varies slowest): for ``p = (p_a, p_b)`` and ``k = 2`` the
        blocks are aa, ab, ba, bb.

    Examples
    --------
    >>> block_distribution([0.9, 0.1], 2).round(4).tolist()
    [0.81, 0.09, 0.09, 0.01]
    >>> code = huffman_code(block_distribution([0.9, 0.1], 2))
    >>> print(round(expected_length(block_distribution([0.9, 0.1], 2), code) / 2, 4))   # bits per flip
    0.645
    """
    p = _distribution_1d(p, "p")
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)):
        raise TypeError(f"k must be an int (the block length), got {type(k).__name__}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if p.size > 1 and k * np.log2(p.size) > 20:
        raise ValueError(f"k = {k} gives {p.size}**{k} blocks, more than 2**20; use a smaller k")
    out = p
    for _ in range(k - 1):  # k - 1 outer products, each over whole arrays
        out = np.multiply.outer(out, p).ravel()
    return out.copy()


def kraft_sum(lengths):
    r"""The Kraft sum :math:`K = \sum_x 2^{-\ell(x)}` of binary codeword lengths.

    Introduced in notebook ``03_cross_entropy``.

    A binary prefix code with these lengths exists if and only if K <= 1.  A
    Huffman code (two or more symbols) has K = 1 exactly: its tree has no
    unused branch.  :math:`r(x) = 2^{-\ell(x)} / K` is the distribution for
    which the lengths are ideal, and :math:`L_p = H(p, r) - \log_2 K` bits.

    Parameters
    ----------
    lengths : array_like, shape (n,), or PrefixCode
        Codeword lengths in bits (>= 0; ``inf`` contributes 0).

    Returns
    -------
    float

    Examples
    --------
    >>> kraft_sum([1, 2, 3, 3])
    1.0
    >>> kraft_sum([2, 2, 2])
    0.75
    """
    ell = _check_lengths(lengths)
    return float(np.sum(np.exp2(-ell)))


def _codeword_list(codewords):
    """The codewords of a PrefixCode or a sequence of strings, as a new list (checked: not empty,
    all strings; a single string is refused)."""
    if isinstance(codewords, PrefixCode):
        codewords = codewords.codewords
    if isinstance(codewords, (str, bytes)):
        raise TypeError("codewords must be a sequence of strings, not a single string")
    words = list(codewords)
    if not words:
        raise ValueError("codewords is empty; a code needs at least one codeword")
    if not all(isinstance(w, str) for w in words):
        raise TypeError("codewords must all be strings")
    return words


def is_prefix_free(codewords):
    """True if no codeword is a prefix of another (duplicates count as prefixes).

    Introduced in notebook ``03_cross_entropy``.

    A prefix-free code can be decoded left to right without separators.  The
    check sorts the words: if a word is a prefix of any other, it is a prefix
    of the word right after it in sorted order.

    Parameters
    ----------
    codewords : sequence of str, or PrefixCode
        The codewords (any alphabet).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_prefix_free(["0", "10", "110", "111"])
    True
    >>> is_prefix_free(["0", "01", "11"])       # '0' starts '01'
    False
    """
    words = _codeword_list(codewords)
    words.sort()
    return not any(b.startswith(a) for a, b in zip(words, words[1:]))


def codeword_intervals(codewords):
    r"""The share of the code space that each codeword uses: an interval of width :math:`2^{-L}`.

    Introduced in notebook ``03_cross_entropy`` (why Kraft's inequality holds).

    Think of every possible bit stream as a binary fraction
    :math:`0.b_1 b_2 b_3 \ldots` in [0, 1).  The streams that begin with a
    codeword ``c`` of length L fill the interval
    :math:`[\,\mathrm{int}(c)/2^L,\; (\mathrm{int}(c) + 1)/2^L\,)`, of width
    :math:`2^{-L}`: a codeword one bit longer claims half as much.  A code is
    prefix-free exactly when its intervals do not overlap, so their widths
    add up to at most 1; that sum is the Kraft sum (:func:`kraft_sum`), and
    ``1 - kraft_sum`` is the share of the space that no codeword uses.

    Parameters
    ----------
    codewords : sequence of str, or PrefixCode
        Codewords of ``'0'`` and ``'1'``.

    Returns
    -------
    starts, widths : numpy.ndarray of float, shape (n,)
        Where each codeword's interval begins, and its width :math:`2^{-L}`,
        in the order of the codewords.  The empty codeword (a one-symbol
        code) has the whole space, start 0 and width 1.

    Examples
    --------
    >>> starts, widths = codeword_intervals(["0", "10", "110", "111"])
    >>> starts.tolist(), widths.tolist()
    ([0.0, 0.5, 0.75, 0.875], [0.5, 0.25, 0.125, 0.125])
    >>> starts, widths = codeword_intervals(code_from_lengths([2, 2, 2]))
    >>> starts.tolist(), float(1 - widths.sum())     # a quarter of the space unused
    ([0.0, 0.25, 0.5], 0.25)
    """
    words = _codeword_list(codewords)
    if any(set(w) - {"0", "1"} for w in words):
        raise ValueError("codewords must contain only '0' and '1'")
    widths = np.array([2.0 ** -len(w) for w in words])
    starts = np.array([int(w, 2) * 2.0 ** -len(w) if w else 0.0 for w in words])
    return starts, widths
