"""Fitting one normal distribution to another distribution by forward or reverse KL.

Notebook ``04_kl_and_js_divergence`` fits a single Gaussian to a two-peaked
mixture, on a fine grid, to show that minimising KL(p‖q) covers both peaks
(mass-covering) while minimising KL(q‖p) sits on one (mode-seeking).
:func:`discretised_normal` and :func:`two_peak_mixture` make the distributions
on the grid, and :class:`NormalFitGrid` fits by exhaustive search over a
(mu, sigma) grid: no randomness, no optimiser to tune.  Pure NumPy (no
plotting; :func:`describe_local_minima` returns one line of text in the chosen
language); the figures and the explorer are in :mod:`lossnotes.widgets.divergence`.

All divergences here are in **nats** (natural log).

Introduced in notebook ``04_kl_and_js_divergence``.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_float_array, check_probabilities, check_scalar
from .i18n import N_, _, ngettext

__all__ = [
    "discretised_normal",
    "two_peak_mixture",
    "mixture_modes",
    "unimodal_threshold",
    "NormalFitGrid",
    "reverse_fit_jump",
    "reverse_basin_onset",
    "describe_local_minima",
]

#: The two fitting directions' display names, marked for the catalogue (shown through ``_()``).
DIRECTION_NAMES = {"forward": N_("forward KL(p‖q)"), "reverse": N_("reverse KL(q‖p)")}


def _grid(x):
    x = as_float_array(x, "x")
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"x must be a 1-D grid with at least 2 points, got shape {x.shape}")
    if not np.all(np.diff(x) > 0):
        raise ValueError("x must be strictly increasing")
    return x


def _log_normal_on_grid(x, mu, sigma, *, return_log_norm=False):
    """Exact log-probabilities of the grid-normalised normal; shape broadcast(mu, sigma) + (n,).

    With ``return_log_norm``, also ln Z = ln sum_j exp(-(x_j - mu)^2 / 2 sigma^2), shape broadcast(mu, sigma).
    """
    z = (x - mu[..., None]) / sigma[..., None]
    logw = -0.5 * z * z
    top = logw.max(axis=-1, keepdims=True)
    logw -= top
    log_norm = np.log(np.exp(logw).sum(axis=-1, keepdims=True))
    logw -= log_norm
    if return_log_norm:
        return logw, (top + log_norm)[..., 0]
    return logw


def discretised_normal(x, mu, sigma):
    r"""A normal distribution discretised on a grid: probabilities that sum to 1.

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: q_i = \frac{\exp\!\big(-(x_i - \mu)^2 / 2\sigma^2\big)}
                         {\sum_j \exp\!\big(-(x_j - \mu)^2 / 2\sigma^2\big)}

    On a fine, wide, evenly spaced grid, :math:`q_i / \Delta x` approximates
    the normal density, and a KL divergence between two such vectors
    approximates the KL divergence between the densities (in nats; the
    :math:`\Delta x` cancels inside the log ratio).

    Parameters
    ----------
    x : array_like, shape (n,)
        Strictly increasing grid.
    mu, sigma : float or array_like
        Mean and standard deviation (sigma > 0); arrays broadcast together.

    Returns
    -------
    numpy.ndarray, shape broadcast(mu, sigma).shape + (n,)
        Probabilities per grid point (they may underflow to exactly 0 far in
        the tails).

    Examples
    --------
    >>> x = np.linspace(-5, 5, 101)
    >>> q = discretised_normal(x, 0.0, 1.0)
    >>> round(float(q.sum()), 12), round(float(q @ x), 12), round(float(q @ x**2), 3)
    (1.0, 0.0, 1.0)
    >>> discretised_normal(x, [0.0, 1.0], 1.0).shape
    (2, 101)
    """
    x = _grid(x)
    mu = as_float_array(mu, "mu")
    sigma = as_float_array(sigma, "sigma")
    if np.any(sigma <= 0):
        raise ValueError(f"sigma must be > 0, got {float(sigma.min())!r}")
    mu, sigma = np.broadcast_arrays(mu, sigma)
    return np.exp(_log_normal_on_grid(x, mu, sigma))


def two_peak_mixture(x, separation, weight, width=1.0):
    r"""A two-peaked mixture of discretised normals on a grid.

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: p = w \, \mathcal N(-d/2, s^2) + (1 - w)\, \mathcal N(+d/2, s^2)

    (each component discretised by :func:`discretised_normal`), so the peaks
    are ``separation`` apart and centred on 0.

    Parameters
    ----------
    x : array_like, shape (n,)
        Strictly increasing grid.
    separation : float
        Distance d >= 0 between the two peaks.
    weight : float
        Weight w in [0, 1] of the **left** peak.
    width : float, default 1
        Standard deviation s > 0 of each peak.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Probabilities per grid point, summing to 1.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 401)
    >>> p = two_peak_mixture(x, 5.0, 0.4)
    >>> round(float(p.sum()), 12), round(float(p @ x), 6)     # mean = 0.4(-2.5) + 0.6(2.5)
    (1.0, 0.5)
    """
    x = _grid(x)
    d = check_scalar(separation, "separation", low=0)
    w = check_scalar(weight, "weight", low=0, high=1)
    s = check_scalar(width, "width", low=0, low_inclusive=False)
    comps = np.exp(_log_normal_on_grid(x, np.array([-d / 2, d / 2]), np.array([s, s])))
    return w * comps[0] + (1 - w) * comps[1]


def _mixture_args(separation, weight, width):
    d = check_scalar(separation, "separation", low=0)
    w = check_scalar(weight, "weight", low=0, high=1, low_inclusive=False, high_inclusive=False)
    s = check_scalar(width, "width", low=0, low_inclusive=False)
    return d, w, s


def mixture_modes(separation, weight, width=1.0, *, resolution=200_001):
    r"""The peaks and valleys of the two-peaked mixture density (continuous, not on a grid).

    Introduced in notebook ``04_kl_and_js_divergence``.

    The density is :math:`f(t) = w\,\varphi_s(t + d/2) + (1 - w)\,\varphi_s(t - d/2)`,
    the continuous version of :func:`two_peak_mixture`.  Its stationary points
    all lie between the two component means.  With :math:`a = d/2s` and
    :math:`t = s\,a\tanh v`, :math:`f'(t) = 0` is equivalent to

    .. math:: g(v) = 2a^2\tanh v - 2v - \ln\frac{w}{1 - w} = 0,

    and :math:`f' > 0` exactly where :math:`g > 0`.  The substitution spreads
    the points near the component means (where a far-away peak sits) so that
    ``resolution`` evenly spaced values of v find every sign change; each root
    is located by linear interpolation.  Peaks and valleys alternate, starting
    with a peak.

    Parameters
    ----------
    separation : float
        Distance d >= 0 between the component means.
    weight : float
        Weight w of the left component, 0 < w < 1.
    width : float, default 1
        Standard deviation s > 0 of each component.

    Returns
    -------
    peaks, valleys : numpy.ndarray
        Positions t of the local maxima (one or two) and of the local minimum
        (none or one), in units of x, ascending.

    Examples
    --------
    >>> peaks, valleys = mixture_modes(5.0, 0.4)
    >>> [round(float(t), 3) for t in peaks], [round(float(t), 3) for t in valleys]
    ([-2.5, 2.5], [-0.097])
    >>> peaks, valleys = mixture_modes(2.0, 0.4); len(peaks), len(valleys)
    (1, 0)
    """
    d, w, s = _mixture_args(separation, weight, width)
    a = d / (2 * s)
    c = math.log(w / (1 - w))
    if a == 0:
        return np.zeros(1), np.zeros(0)
    vmax = a * a + abs(c) / 2 + 1  # beyond it, |2v| > 2a^2 + |c|: no root
    v = np.linspace(-vmax, vmax, int(resolution))
    g = 2 * a * a * np.tanh(v) - 2 * v - c  # +inf side on the left, -inf side on the right
    k = np.flatnonzero(np.signbit(g[:-1]) != np.signbit(g[1:]))
    roots = v[k] + (v[k + 1] - v[k]) * g[k] / (g[k] - g[k + 1])
    roots = s * a * np.tanh(roots)
    return roots[0::2], roots[1::2]


def unimodal_threshold(weight, width=1.0):
    r"""The peak distance below which the two-peaked mixture has a single peak.

    Introduced in notebook ``04_kl_and_js_divergence``.

    For :math:`w\,\mathcal N(-d/2, s^2) + (1 - w)\,\mathcal N(d/2, s^2)` the
    density is unimodal for d <= d* and has two peaks for d > d*.  With
    :math:`a = d/2s` and :math:`h` as in :func:`mixture_modes`, ``h`` has
    turning points at :math:`u = \pm\sqrt{a^2 - 1}` (only when a > 1), and a
    second peak exists iff :math:`h(\sqrt{a^2 - 1}) > |\ln(w/(1-w))|`.  The
    left side grows with a, so d* is found by bisection to machine precision.
    d* = 2s for equal weights and grows as the weights become unequal.

    Parameters
    ----------
    weight : float
        Weight w of the left component, 0 < w < 1.
    width : float, default 1
        Standard deviation s > 0 of each component.

    Returns
    -------
    float
        d*, in units of x.

    Examples
    --------
    >>> unimodal_threshold(0.5)
    2.0
    >>> round(unimodal_threshold(0.4), 4), round(unimodal_threshold(0.1), 4)
    (2.4427, 3.3145)
    """
    _, w, s = _mixture_args(0.0, weight, width)
    c = abs(math.log(w / (1 - w)))
    if c == 0:
        return 2.0 * s

    def turning_height(a):
        r = math.sqrt(a * a - 1)
        return math.log((a - r) / (a + r)) + 2 * a * r

    lo, hi = 1.0, 2.0
    while turning_height(hi) <= c:
        lo, hi = hi, 2 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if turning_height(mid) > c:
            hi = mid
        else:
            lo = mid
    return 2.0 * s * hi


class NormalFitGrid:
    r"""Fit one discretised normal to a distribution by KL, searching a (mu, sigma) grid.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Every candidate :math:`q_{\mu,\sigma}` on the parameter grid is
    precomputed once, so a reverse fit costs one matrix-vector product and a
    forward fit only needs the first two moments of p (because
    :math:`-\ln q_i = (x_i - \mu)^2 / 2\sigma^2 + \ln Z`).  Two directions:

    - ``"forward"``: :math:`\mathrm{KL}(p\,\|\,q) = \sum_i p_i \ln(p_i/q_i)`,
      an average over the *data* p: q is punished wherever p has mass and q
      has little, so the best q covers all of p (mass-covering);
    - ``"reverse"``: :math:`\mathrm{KL}(q\,\|\,p) = \sum_i q_i \ln(q_i/p_i)`,
      an average over the *model* q: q is punished for putting mass where p
      has little, so the best q sits inside one peak (mode-seeking).

    Values are in **nats**.  The search is exhaustive and deterministic; the
    answer is exact up to the grid spacing.  Log-probabilities are computed
    exactly, so a candidate whose tail probabilities underflow to 0 in
    floating point still gets its (large) finite forward KL, not ``inf``.

    Parameters
    ----------
    x : array_like, shape (n,)
        The grid the distributions live on (strictly increasing).
    mus : array_like, shape (m,)
        Candidate means.
    sigmas : array_like, shape (s,)
        Candidate standard deviations (> 0).

    Examples
    --------
    >>> x = np.linspace(-10, 10, 201)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4, 36))
    >>> p = two_peak_mixture(x, 6.0, 0.5)
    >>> mu, sigma, kl = fit.best(p, "forward"); round(mu, 2), round(sigma, 2)
    (0.0, 3.2)
    >>> mu, sigma, kl = fit.best(p, "reverse"); abs(round(mu, 2)), round(sigma, 2), round(kl, 2)
    (3.0, 1.0, 0.69)
    """

    DIRECTIONS = ("forward", "reverse")

    def __init__(self, x, mus, sigmas):
        self.x = _grid(x)
        self.mus = as_float_array(mus, "mus").ravel()
        self.sigmas = as_float_array(sigmas, "sigmas").ravel()
        if np.any(self.sigmas <= 0):
            raise ValueError(f"sigmas must be > 0, got {float(self.sigmas.min())!r}")
        m_grid, s_grid = np.meshgrid(self.mus, self.sigmas, indexing="ij")
        self.shape = m_grid.shape
        self._mu_flat = m_grid.ravel()
        self._sigma_flat = s_grid.ravel()
        logq, self._log_norm = _log_normal_on_grid(self.x, self._mu_flat, self._sigma_flat, return_log_norm=True)
        self._q = np.exp(logq)
        self._neg_entropy = np.einsum("ij,ij->i", self._q, logq)  # sum q ln q (0 ln 0 = 0: finite logs)
        # Only q is kept: the forward direction needs just two moments of p (see kl_surface),
        # and one matrix instead of two keeps a tick inside the CPU cache.  The products use einsum
        # (one thread, no BLAS): on a busy machine a multithreaded BLAS call can stall a slider.

    def _p(self, p):
        p = check_probabilities(p, "p").astype(np.float64, copy=False)
        if p.shape != self.x.shape:
            raise ValueError(f"p must have one probability per grid point ({self.x.size}), got shape {p.shape}")
        return p

    def kl_surface(self, p, direction="forward"):
        """KL in nats for every candidate, shape ``(len(mus), len(sigmas))``.

        ``direction="forward"`` gives KL(p‖q), ``"reverse"`` gives KL(q‖p);
        a candidate with q > 0 where p = 0 has reverse KL ``inf``.
        """
        p = self._p(p)
        if direction == "forward":
            pos = p > 0
            logp = np.log(p, out=np.zeros_like(p), where=pos)
            # -sum_i p_i ln q_i = E_p[(x - mu)^2] / (2 sigma^2) + ln Z(mu, sigma), exactly, from two
            # moments of p; ln q is finite everywhere, so terms with p_i = 0 vanish as they should.
            m1, m2 = float(p @ self.x), float(p @ (self.x * self.x))
            mu, sigma = self._mu_flat, self._sigma_flat
            out = float(p @ logp) + (m2 - 2 * mu * m1 + mu * mu) / (2 * sigma * sigma) + self._log_norm
        elif direction == "reverse":
            pos = p > 0
            if pos.all():
                out = self._neg_entropy - np.einsum("ij,j->i", self._q, np.log(p))
            else:
                logp = np.log(p, out=np.zeros_like(p), where=pos)
                out = self._neg_entropy - np.einsum("ij,j->i", self._q, logp)
                out[(self._q[:, ~pos] > 0).any(axis=1)] = np.inf
        else:
            raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
        return np.maximum(out, 0.0).reshape(self.shape)

    def best(self, p, direction="forward", *, mu_range=None):
        """The grid point with the smallest KL: ``(mu, sigma, kl_in_nats)``.

        ``mu_range=(lo, hi)`` restricts the search to lo <= mu <= hi (to find
        a local minimum, e.g. the reverse-KL fit on the other peak).  Ties go
        to the first candidate (smallest mu, then smallest sigma).
        """
        surface = self.kl_surface(p, direction)
        return self.argmin(surface, mu_range=mu_range)

    def argmin(self, surface, *, mu_range=None):
        """``(mu, sigma, value)`` at the minimum of a surface from :meth:`kl_surface`."""
        i, j = self._index(surface, mu_range)
        return float(self.mus[i]), float(self.sigmas[j]), float(np.asarray(surface)[i, j])

    def _index(self, surface, mu_range=None):
        s = np.asarray(surface, dtype=float)
        if s.shape != self.shape:
            raise ValueError(f"surface must have shape {self.shape}, got {s.shape}")
        if mu_range is not None:
            lo, hi = mu_range
            keep = (self.mus >= lo) & (self.mus <= hi)
            if not keep.any():
                raise ValueError(f"no candidate mean lies in mu_range={mu_range!r}")
            s = np.where(keep[:, None], s, np.inf)
        i, j = np.unravel_index(int(np.argmin(s)), self.shape)
        return int(i), int(j)

    def local_minima(self, p, direction="forward"):
        """All local minima of the KL surface: a list of ``(mu, sigma, kl_in_nats)``, best first.

        A grid point is a local minimum if its KL is below that of all 8
        neighbours; minima within two grid steps of a better one are dropped
        (one basin whose bottom falls between grid points can otherwise show
        up twice).  Gradient descent started in a basin ends in its minimum,
        so more than one entry means the fit depends on where it starts.
        """
        surface = self.kl_surface(p, direction)
        return [(float(self.mus[i]), float(self.sigmas[j]), float(surface[i, j]))
                for i, j in self._local_minimum_indices(surface)]

    def _local_minimum_indices(self, surface):
        s = np.asarray(surface, dtype=float)
        padded = np.pad(s, 1, constant_values=np.inf)
        is_min = np.isfinite(s)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                if di or dj:
                    is_min &= s < padded[1 + di:1 + di + s.shape[0], 1 + dj:1 + dj + s.shape[1]]
        found = sorted((float(s[i, j]), int(i), int(j)) for i, j in np.argwhere(is_min))
        kept = []
        for _, i, j in found:
            if all(max(abs(i - a), abs(j - b)) > 2 for a, b in kept):
                kept.append((i, j))
        return kept

    def candidate(self, mu, sigma):
        """The discretised normal q for (mu, sigma), on ``x``."""
        return discretised_normal(self.x, mu, sigma)

    def moment_match(self, p):
        r"""Mean and standard deviation of p on the grid: ``(mu, sigma)``.

        Over all normals (continuous, unbounded grid) the forward-KL optimum
        is exactly this moment match: minimising KL(p‖q) over the normal
        family sets q's mean and variance to p's.
        """
        p = self._p(p)
        mu = float(p @ self.x)
        return mu, float(np.sqrt(p @ (self.x - mu) ** 2))


def reverse_fit_jump(fit, weight, width=1.0, *, separation_range=(0.0, 8.0), tol=1e-3):
    r"""The peak distance at which the best reverse-KL fit jumps from both peaks to one.

    Introduced in notebook ``04_kl_and_js_divergence``.

    For each separation d, the target is ``two_peak_mixture(fit.x, d, weight,
    width)`` and the reverse fit is ``fit.best(p, "reverse")``.  The fit is said
    to *cover both* peaks when its mean is nearer the mixture's mean,
    (1 - 2w) d / 2, than either component mean ±d/2, and to sit *on one peak*
    otherwise.  For small d it covers both; past some d* it sits on a peak.
    d* is found by bisection (assuming one switch in ``separation_range``,
    checked at its ends) to within ``tol``.

    The answer belongs to the candidate grid of ``fit`` (its mean and width
    steps); a finer grid moves it by about one step of the search.

    Parameters
    ----------
    fit : NormalFitGrid
    weight : float
        Weight w of the left peak, 0 < w < 1.
    width : float, default 1
        Standard deviation of each peak.
    separation_range : (float, float), default (0, 8)
        Where to look for the switch.
    tol : float, default 1e-3
        Bisection tolerance on d.

    Returns
    -------
    float
        d*, in units of x.

    Examples
    --------
    >>> x = np.linspace(-12, 12, 241)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 101), np.linspace(0.5, 4.5, 41))
    >>> round(reverse_fit_jump(fit, 0.4), 2)
    5.02
    """
    if not isinstance(fit, NormalFitGrid):
        raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
    _, w, s = _mixture_args(0.0, weight, width)
    lo, hi = (float(v) for v in separation_range)
    tol = check_scalar(tol, "tol", low=0, low_inclusive=False)

    def on_one_peak(d):
        mu = fit.best(two_peak_mixture(fit.x, d, w, s), "reverse")[0]
        return min(abs(mu - d / 2), abs(mu + d / 2)) < abs(mu - (1 - 2 * w) * d / 2)

    if on_one_peak(lo) or not on_one_peak(hi):
        raise ValueError(
            f"the reverse fit does not switch from covering to one peak within separation_range={separation_range!r}")
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if on_one_peak(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def reverse_basin_onset(fit, weight, separations, width=1.0):
    r"""The first peak distance at which reverse KL has a second local minimum.

    Introduced in notebook ``04_kl_and_js_divergence``.

    For each separation d in ``separations`` (in the order given), the target
    is ``two_peak_mixture(fit.x, d, weight, width)`` and the reverse-KL surface
    is searched for local minima (:meth:`NormalFitGrid.local_minima`).  For
    small d there is one basin (a normal covering both peaks); the first d with
    two or more is returned.  This happens *before* the best fit jumps onto one
    peak (:func:`reverse_fit_jump`): for a while, a fitter started on a peak
    stays there although covering both would be better.

    Parameters
    ----------
    fit : NormalFitGrid
    weight : float
        Weight w of the left peak, 0 < w < 1.
    separations : array_like
        The distances to try, e.g. the steps of a slider.
    width : float, default 1
        Standard deviation of each peak.

    Returns
    -------
    float
        The first such d, in units of x.

    Raises
    ------
    ValueError
        If no separation in ``separations`` gives a second local minimum.

    Examples
    --------
    >>> x = np.linspace(-12, 12, 241)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 101), np.linspace(0.5, 4.5, 41))
    >>> reverse_basin_onset(fit, 0.4, np.arange(0.0, 8.01, 0.1)) < reverse_fit_jump(fit, 0.4)
    True
    """
    if not isinstance(fit, NormalFitGrid):
        raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
    _, w, s = _mixture_args(0.0, weight, width)
    ds = as_float_array(separations, "separations").ravel()
    for d in ds:
        if len(fit.local_minima(two_peak_mixture(fit.x, d, w, s), "reverse")) >= 2:
            return float(d)
    raise ValueError(f"reverse KL has a single local minimum at every separation from {ds.min():g} to {ds.max():g}")


def describe_local_minima(fit, p, direction="forward"):
    """One line of text: how many local minima the KL surface has, and where, in the chosen language.

    Introduced in notebook ``04_kl_and_js_divergence``.

    Each minimum is written ``(mu, sigma, KL)``, with mu and sigma to one
    decimal (the grid step of the notebook) and KL in nats to four; best
    first, as :meth:`NormalFitGrid.local_minima` returns them.

    Parameters
    ----------
    fit : NormalFitGrid
    p : array_like
        The target distribution on ``fit.x``.
    direction : {"forward", "reverse"}

    Returns
    -------
    str

    Examples
    --------
    >>> x = np.linspace(-10, 10, 201)
    >>> fit = NormalFitGrid(x, np.linspace(-5, 5, 51), np.linspace(0.5, 4, 36))
    >>> print(describe_local_minima(fit, two_peak_mixture(x, 2.0, 0.5)))
    forward KL(p‖q) has 1 local minimum (μ, σ, KL in nats): (0.0, 1.4, 0.0098)
    """
    if not isinstance(fit, NormalFitGrid):
        raise TypeError(f"fit must be a NormalFitGrid, got {type(fit).__name__}")
    if direction not in DIRECTION_NAMES:
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    minima = fit.local_minima(p, direction)
    listed = ", ".join(f"({m:.1f}, {s:.1f}, {k:.4f})" for m, s, k in minima)
    n = len(minima)
    return ngettext("{direction} has {n} local minimum (μ, σ, KL in nats): {minima}",
                    "{direction} has {n} local minima (μ, σ, KL in nats): {minima}", n).format(
        direction=_(DIRECTION_NAMES[direction]), n=n, minima=listed)
