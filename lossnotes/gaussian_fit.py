"""Fitting one normal distribution to another distribution by forward or reverse KL.

Notebook ``04_kl_and_js_divergence`` fits a single Gaussian to a two-peaked
mixture, on a fine grid, to show that minimising KL(p‖q) covers both peaks
(mass-covering) while minimising KL(q‖p) sits on one (mode-seeking).
:func:`discretised_normal` and :func:`two_peak_mixture` make the distributions
on the grid, and :class:`NormalFitGrid` fits by exhaustive search over a
(mu, sigma) grid: no randomness, no optimiser to tune.  Pure NumPy (no
plotting); the figures and the explorer are in :mod:`lossnotes.widgets.divergence`.

All divergences here are in **nats** (natural log).

Introduced in notebook ``04_kl_and_js_divergence``.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_probabilities, check_scalar

__all__ = ["discretised_normal", "two_peak_mixture", "NormalFitGrid"]


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
