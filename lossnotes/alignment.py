"""KL in language-model training: the KL-regularised objective, its optimum, and DPO's pieces.

Post-training a language model (RLHF with PPO or GRPO, DPO) maximises a reward
while a KL penalty keeps the policy :math:`\\pi` near a reference model
:math:`\\pi_{\\mathrm{ref}}`:

.. math:: J(\\pi) = \\mathbb{E}_{y\\sim\\pi}[r(y)] - \\beta\\,\\mathrm{KL}(\\pi\\,\\|\\,\\pi_{\\mathrm{ref}}).

This module works on a finite set of responses (a toy "vocabulary of whole
answers"), where everything is exact:

- :func:`kl_regularised_objective` evaluates :math:`J(\\pi)`;
- :func:`kl_regularised_optimum` gives its maximiser
  :math:`\\pi^*(y) \\propto \\pi_{\\mathrm{ref}}(y)\\,e^{r(y)/\\beta}` and the
  optimal value, for any :math:`\\beta` from 0 (reward maximisation) to
  infinity (stay at the reference);
- :func:`implicit_reward` is DPO's :math:`\\beta\\log(\\pi/\\pi_{\\mathrm{ref}})`,
  and :func:`dpo_loss_gradient` the gradient of
  :func:`lossnotes.losses.dpo_loss` with respect to the policy's
  log-probabilities;
- :func:`distil_char_student` distils a character n-gram teacher
  (:class:`lossnotes.compression.CharNGram`, notebook 10) into a smaller
  student (the next character given only the previous one) with the forward KL
  on the teacher's samples or the reverse KL on the student's own samples
  (on-policy), and :func:`sample_char_student` lets the student write.

The sample-based KL estimators k1, k2, k3 are
:func:`lossnotes.information.kl_estimators`; the DPO loss itself is
:func:`lossnotes.losses.dpo_loss`.  Rewards are in reward units, KL in nats, so
:math:`\\beta` is in reward units per nat.  Only NumPy is imported.

Introduced in notebook 11_kl_in_llm_training.
"""

from __future__ import annotations

import bisect
import numbers
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_probabilities, check_same_shape, check_scalar
from .i18n import N_, _
from .losses import _check_log_probs, _dpo_inputs, _result, _sigmoid

__all__ = [
    "KLRegularisedOptimum",
    "kl_regularised_optimum",
    "kl_regularised_objective",
    "implicit_reward",
    "dpo_loss_gradient",
    "CharStudent",
    "distil_char_student",
    "sample_char_student",
    "char_student_cross_entropy",
]


class KLRegularisedOptimum(NamedTuple):
    """The result of :func:`kl_regularised_optimum`.

    Attributes
    ----------
    policy : numpy.ndarray
        :math:`\\pi^*`, a probability vector (or a batch of them) over the
        responses.
    value : numpy.floating or numpy.ndarray
        The optimal value :math:`J(\\pi^*) = \\beta\\log\\sum_y
        \\pi_{\\mathrm{ref}}(y)\\,e^{r(y)/\\beta}`, in reward units.

    Introduced in notebook 11_kl_in_llm_training.
    """

    policy: np.ndarray
    value: np.ndarray


def _beta_array(beta, allow_inf):
    """beta as a float array (any shape) of values >= 0 (and +inf if allowed), or a clear error."""
    if isinstance(beta, bool) or (np.ndim(beta) == 0 and not isinstance(beta, (numbers.Real, np.ndarray))):
        raise TypeError(_("{name} must be a real number, got {type}").format(name="beta", type=type(beta).__name__))
    b = np.asarray(beta)
    if b.dtype.kind not in "iuf":
        raise TypeError(_("{name} must be a real number, got {type}").format(name="beta", type=str(b.dtype)))
    b = b.astype(np.float64)
    if np.isnan(b).any() or (b < 0).any() or (not allow_inf and np.isinf(b).any()):
        bad = b[np.isnan(b) | (b < 0) | (np.isinf(b) & (not allow_inf))].flat[0]
        bound = _("a number >= 0 or inf") if allow_inf else _("a finite number >= 0")
        raise ValueError(_("beta must be {bound}, got {value}").format(bound=bound, value=repr(float(bad))))
    return b


def _ref_and_rewards(ref_probs, rewards):
    ref = check_probabilities(ref_probs, "ref_probs")
    r = as_float_array(rewards, "rewards").astype(ref.dtype, copy=False)
    if ref.ndim == 0 or r.ndim == 0 or ref.shape[-1] != r.shape[-1]:
        raise ValueError(_("ref_probs and rewards need one entry per response (the last axis), got shapes "
                           "{shape_a} and {shape_b}").format(shape_a=ref.shape, shape_b=r.shape))
    try:
        shape = np.broadcast_shapes(ref.shape, r.shape)
    except ValueError:
        raise ValueError(_("ref_probs and rewards need one entry per response (the last axis), got shapes "
                           "{shape_a} and {shape_b}").format(shape_a=ref.shape, shape_b=r.shape)) from None
    return np.broadcast_to(ref, shape), np.broadcast_to(r, shape)


def kl_regularised_optimum(ref_probs, rewards, beta):
    r"""The policy that maximises :math:`\mathbb{E}_\pi[r] - \beta\,\mathrm{KL}(\pi\|\pi_{\mathrm{ref}})`, and its value.

    .. math:: \pi^*(y) = \frac{\pi_{\mathrm{ref}}(y)\,e^{r(y)/\beta}}{Z},\qquad
              Z = \sum_y \pi_{\mathrm{ref}}(y)\,e^{r(y)/\beta},\qquad
              J(\pi^*) = \beta\log Z.

    Why: :math:`J(\pi) = \beta\log Z - \beta\,\mathrm{KL}(\pi\,\|\,\pi^*)`,
    and Gibbs' inequality makes the KL >= 0, with 0 only at
    :math:`\pi = \pi^*`.  Responses the reference never produces
    (:math:`\pi_{\mathrm{ref}}(y) = 0`) get :math:`\pi^*(y) = 0` whatever
    their reward: the KL penalty forbids leaving the reference's support.

    The limits are exact, not approximations:

    * ``beta = 0``: pure reward maximisation.  :math:`\pi^*` puts all its
      mass on the highest-reward responses in the reference's support (ties
      share it in proportion to :math:`\pi_{\mathrm{ref}}`), and the value
      is that maximal reward.  A tiny ``beta`` such as 1e-300 gives the same,
      without overflow: everything is computed with
      :math:`(r - r_{\max})/\beta \le 0` and log-sum-exp.
    * ``beta = inf``: :math:`\pi^* = \pi_{\mathrm{ref}}`, value
      :math:`\mathbb{E}_{\pi_{\mathrm{ref}}}[r]`.  A huge finite ``beta``
      approaches it smoothly (the value uses ``log1p``/``expm1``, so
      ``beta = 1e12`` still gives :math:`\mathbb{E}_{\pi_{\mathrm{ref}}}[r]`
      to about 1e-12 relative).

    Units: rewards and the value in reward units, ``beta`` in reward units per
    nat (the KL is in nats).

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    ref_probs : array_like, shape (..., n)
        :math:`\pi_{\mathrm{ref}}` over n responses (last axis); checked to
        sum to 1, never renormalised beyond rounding.
    rewards : array_like, shape (..., n)
        :math:`r(y)`, finite; broadcast against ``ref_probs``.
    beta : float or array_like
        :math:`\beta \ge 0`, or ``inf``.  An array broadcasts against the
        batch shape ``(...)``: ``beta=np.geomspace(1e-2, 1e2, 50)`` with a
        single ``ref_probs`` of shape ``(n,)`` gives 50 optima, a policy of
        shape ``(50, n)``.

    Returns
    -------
    KLRegularisedOptimum
        ``(policy, value)``: ``policy`` of shape ``(..., n)`` and ``value`` of
        shape ``(...)`` (a NumPy scalar for one problem).

    Examples
    --------
    >>> from lossnotes.alignment import kl_regularised_optimum
    >>> ref, r = [0.5, 0.3, 0.2], [0.0, 1.0, 3.0]
    >>> opt = kl_regularised_optimum(ref, r, beta=1.0)
    >>> print(opt.policy.round(4), round(float(opt.value), 4))
    [0.0938 0.1529 0.7533] 1.6738
    >>> print(kl_regularised_optimum(ref, r, beta=0.0).policy)          # reward maximisation
    [0. 0. 1.]
    >>> print(kl_regularised_optimum(ref, r, beta=float("inf")).policy) # stay at the reference
    [0.5 0.3 0.2]
    >>> print(kl_regularised_optimum([0.5, 0.5, 0.0], r, beta=0.0).policy)  # outside the support: 0
    [0. 1. 0.]
    """
    ref, r = _ref_and_rewards(ref_probs, rewards)
    b = _beta_array(beta, allow_inf=True)
    try:
        batch = np.broadcast_shapes(ref.shape[:-1], b.shape)
    except ValueError:
        raise ValueError(_("beta of shape {shape_b} does not broadcast against the batch shape {shape_a} of "
                           "ref_probs and rewards (their shape without the last axis)").format(
            shape_b=b.shape, shape_a=ref.shape[:-1])) from None
    shape = batch + ref.shape[-1:]
    ref = np.broadcast_to(ref, shape)
    r = np.broadcast_to(r, shape)
    bb = np.broadcast_to(b, batch)[..., None]
    dtype = ref.dtype
    support = ref > 0
    r_max = np.max(np.where(support, r, -np.inf), axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        d = np.where(support, r - r_max, -np.inf)        # <= 0 on the support, 0 at the best responses
        scaled = np.where(d == 0, 0.0, d / bb)           # d/0 = -inf (beta = 0), d/inf = 0 (beta = inf)
        log_w = np.where(support, np.log(np.where(support, ref, 1.0)) + scaled, -np.inf)
    m = np.max(log_w, axis=-1, keepdims=True)            # finite: the best responses have log ref + 0
    w = np.exp(log_w - m)
    total = np.sum(w, axis=-1, keepdims=True)
    policy = w / total
    # value = r_max + beta * log(Z / s0), Z = sum ref * exp(d/beta), s0 = sum ref (1 up to the rounding
    # the input check allows, divided out).  log(Z/s0) = log1p(sum ref*expm1(d/beta) / s0) keeps full
    # precision for a huge beta (Z/s0 near 1); where Z/s0 is small, log-sum-exp is the accurate form.
    s0 = np.sum(ref, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore"):
        s1 = np.sum(np.where(support, ref * np.expm1(np.where(support, scaled, 0.0)), 0.0),
                    axis=-1, keepdims=True) / s0
        log_z = np.where(s1 > -0.5, np.log1p(np.maximum(s1, -0.5)), m + np.log(total) - np.log(s0))
        value = r_max + np.where(bb == 0, 0.0, bb * log_z)
    at_inf = np.isinf(bb)
    if at_inf.any():
        mean = np.sum(np.where(support, ref * r, 0.0), axis=-1, keepdims=True)
        value = np.where(at_inf, mean, value)
        policy = np.where(at_inf, ref, policy)
    return KLRegularisedOptimum(_result(policy, dtype), _result(value[..., 0], dtype))


def kl_regularised_objective(policy, ref_probs, rewards, beta):
    r"""The KL-regularised objective :math:`J(\pi) = \mathbb{E}_{y\sim\pi}[r(y)] - \beta\,\mathrm{KL}(\pi\,\|\,\pi_{\mathrm{ref}})`.

    The objective of RLHF (and, implicitly, of DPO) on a finite set of
    responses.  The KL is the **reverse** KL, from the policy to the
    reference, in nats: it is ``+inf`` when the policy puts mass where
    :math:`\pi_{\mathrm{ref}} = 0`, so :math:`J = -\infty` there (for
    ``beta > 0``).  With ``beta = 0`` the result is :math:`\mathbb{E}_\pi[r]`
    whatever the KL.  Its maximum over :math:`\pi` is
    :func:`kl_regularised_optimum`'s value.

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    policy, ref_probs : array_like, shape (..., n)
        Probability vectors over the responses (last axis); broadcast against
        each other.
    rewards : array_like, shape (..., n)
        Finite rewards, broadcast likewise.
    beta : float or array_like
        :math:`\beta \ge 0`, finite; an array broadcasts against the batch
        shape ``(...)``.

    Returns
    -------
    numpy.floating or numpy.ndarray
        :math:`J(\pi)` in reward units, shape ``(...)``.

    Examples
    --------
    >>> from lossnotes.alignment import kl_regularised_objective, kl_regularised_optimum
    >>> ref, r = [0.5, 0.3, 0.2], [0.0, 1.0, 3.0]
    >>> print(round(float(kl_regularised_objective(ref, ref, r, beta=1.0)), 4))   # E_ref[r], KL = 0
    0.9
    >>> best = kl_regularised_optimum(ref, r, beta=1.0)
    >>> print(round(float(kl_regularised_objective(best.policy, ref, r, beta=1.0)), 4))
    1.6738
    >>> print(kl_regularised_objective([0.0, 0.0, 1.0], [0.5, 0.5, 0.0], r, beta=1.0))  # leaves the support
    -inf
    """
    pi = check_probabilities(policy, "policy")
    ref, r = _ref_and_rewards(ref_probs, rewards)
    if pi.ndim == 0 or pi.shape[-1] != ref.shape[-1]:
        check_same_shape(pi, ref, "policy", "ref_probs")
    try:
        shape = np.broadcast_shapes(pi.shape, ref.shape)
    except ValueError:
        check_same_shape(pi, ref, "policy", "ref_probs")
    b = _beta_array(beta, allow_inf=False)
    try:
        np.broadcast_shapes(shape[:-1], b.shape)
    except ValueError:
        raise ValueError(_("beta of shape {shape_b} does not broadcast against the batch shape {shape_a} of "
                           "ref_probs and rewards (their shape without the last axis)").format(
            shape_b=b.shape, shape_a=shape[:-1])) from None
    pi, ref, r = (np.broadcast_to(a, shape).astype(np.result_type(pi, ref), copy=False) for a in (pi, ref, r))
    on = pi > 0
    with np.errstate(divide="ignore"):
        terms = np.where(on, pi * (np.log(np.where(on, pi, 1.0)) - np.log(np.where(on, ref, 1.0))), 0.0)
    kl = np.maximum(np.sum(terms, axis=-1), 0.0)   # Gibbs: a negative sum is rounding
    reward = np.sum(pi * r, axis=-1)
    with np.errstate(invalid="ignore"):
        penalty = np.where(b == 0, 0.0, b * kl)
    return _result(reward - penalty, pi.dtype)


def implicit_reward(policy_logps, reference_logps, beta=0.1):
    r"""DPO's implicit reward :math:`\hat r(y) = \beta\log\frac{\pi(y)}{\pi_{\mathrm{ref}}(y)}`.

    Inverting :func:`kl_regularised_optimum` gives
    :math:`r(y) = \beta\log\frac{\pi^*(y)}{\pi_{\mathrm{ref}}(y)} + \beta\log Z`:
    a policy defines a reward up to a constant, and DPO (Rafailov et al.
    2023, §4) trains the policy so that this reward explains the
    preferences.  The difference of the two implicit rewards of a preference
    pair is the logit :math:`\beta h` inside :func:`lossnotes.losses.dpo_loss`.
    TRL logs their means as ``rewards/chosen`` and ``rewards/rejected``.

    Units: reward units (``beta`` times nats).

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    policy_logps, reference_logps : array_like
        :math:`\log\pi(y)` and :math:`\log\pi_{\mathrm{ref}}(y)` of the same
        responses, the same shape, finite and <= 0.
    beta : float > 0, default 0.1

    Returns
    -------
    numpy.floating or numpy.ndarray
        The shape and dtype of ``policy_logps``.

    Examples
    --------
    >>> from lossnotes.alignment import implicit_reward
    >>> print(implicit_reward([-3.0, -8.0], [-5.0, -5.0], beta=0.5))
    [ 1.  -1.5]
    """
    pol = as_float_array(policy_logps, "policy_logps")
    ref = as_float_array(reference_logps, "reference_logps").astype(pol.dtype, copy=False)
    check_same_shape(pol, ref, "policy_logps", "reference_logps")
    for a, name in ((pol, "policy_logps"), (ref, "reference_logps")):
        _check_log_probs(a, name, N_("pass the log-probability of each whole response (a sum of token "
                                     "log-probabilities)"))
    b = check_scalar(beta, "beta", low=0.0, low_inclusive=False)
    return _result(b * (pol - ref), pol.dtype)


def dpo_loss_gradient(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps,
                      reference_rejected_logps, beta=0.1, label_smoothing=0.0):
    r"""Gradient of the per-pair DPO loss with respect to the policy's log-probabilities.

    With :math:`x = \beta h` the logit of :func:`lossnotes.losses.dpo_loss`,
    :math:`\partial\ell/\partial x = \sigma(x) - (1-\varepsilon)`, so

    .. math:: \frac{\partial \ell}{\partial \log\pi(y_w)} = \beta\,\bigl[\sigma(\beta h) - (1-\varepsilon)\bigr]
              = -\frac{\partial \ell}{\partial \log\pi(y_l)}.

    With :math:`\varepsilon = 0` this is :math:`-\beta\,\sigma(-\beta h)`:
    the pair pushes hardest when the implicit reward ranks it wrongly, and
    less and less as the margin grows (never zero).  With
    :math:`\varepsilon > 0` the push reverses once
    :math:`\sigma(\beta h) > 1 - \varepsilon`.  The gradient with respect to
    a logit of a softmax policy follows by the chain rule (the log-softmax
    Jacobian).  Per pair: the gradient of ``dpo_loss(..., reduction='mean')``
    is this divided by the number of pairs.  Units: pure numbers (a loss in
    nats differentiated by a log-probability in nats).

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps : array_like
        As in :func:`lossnotes.losses.dpo_loss`.
    beta : float > 0, default 0.1
    label_smoothing : float in [0, 0.5], default 0.0

    Returns
    -------
    tuple of two arrays
        ``(d_chosen, d_rejected)``, the derivatives with respect to
        ``policy_chosen_logps`` and ``policy_rejected_logps``; each has their
        shape and dtype, and ``d_rejected = -d_chosen``.

    Examples
    --------
    >>> from lossnotes.alignment import dpo_loss_gradient
    >>> d_w, d_l = dpo_loss_gradient([-1.0], [-1.0], [-1.0], [-1.0], beta=0.5)   # h = 0
    >>> print(d_w, d_l)                                                          # -beta/2, +beta/2
    [-0.25] [0.25]
    """
    (pc, pr, rc, rr), b, eps = _dpo_inputs(
        (policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps),
        beta, label_smoothing)
    with np.errstate(over="ignore", invalid="ignore"):
        x = b * ((pc - pr) - (rc - rr))
        # sigma(x) - (1 - eps), written as eps - sigma(-x) so that a large margin keeps its tiny gradient
        g = b * (eps - _sigmoid(-x))
    return _result(g, pc.dtype), _result(-g, pc.dtype)



# --------------------------------------------------------------------------- distilling a language model


class CharStudent(NamedTuple):
    """A bigram character model: the next character given only the previous one.

    Attributes
    ----------
    probs : numpy.ndarray, shape (V, V)
        ``probs[a, c]`` is :math:`s(c \\mid a)`, each row a probability vector.
    alphabet : str
        The V characters (the teacher's alphabet, in its order).

    Introduced in notebook 11_kl_in_llm_training.
    """

    probs: np.ndarray
    alphabet: str


def _sample_ids(probs, n, rng, start):
    """n characters from the bigram table, each drawn given the previous one (inverse CDF on uniforms)."""
    cum = np.cumsum(probs, axis=1)
    cum = (cum / cum[:, -1:]).tolist()
    last = probs.shape[0] - 1
    out = []
    c = start
    for u in rng.random(n).tolist():
        c = min(bisect.bisect_right(cum[c], u), last)
        out.append(c)
    return np.array(out, dtype=np.int64)


def distil_char_student(teacher, divergence="forward", *, n_chars=10_000, rounds=4, seed=0):
    r"""Distil a character n-gram teacher into a bigram student, with the forward or the reverse KL.

    The student :math:`s(c\mid a)` sees only the previous character :math:`a`; the teacher
    :math:`t(c\mid 	ext{context})` (a fitted :class:`lossnotes.compression.CharNGram` of order
    >= 1, notebook 10) sees more.  Both objectives sum a per-position KL between the two
    next-character distributions, over the positions of a text (token-level distillation, as in
    GKD, Agarwal et al. 2024):

    * ``"forward"``: :math:`\sum_i \mathrm{KL}(t_i\,\|\,s(\cdot\mid a_i))` on text **the teacher
      wrote** (``n_chars`` characters of ``teacher.sample``).  Its exact minimiser is the average
      of the teacher's rows over the positions after each :math:`a`: it covers every mode the
      teacher has there.
    * ``"reverse"``: :math:`\sum_i \mathrm{KL}(s(\cdot\mid a_i)\,\|\,t_i)` on text **the student
      wrote** (on-policy, as MiniLLM, Gu et al. 2024, and GKD's on-policy variant).  For fixed
      samples its exact minimiser is the normalised *geometric* mean
      :math:`s(c\mid a) \propto \exp(\overline{\log t_i(c)})`: a character must be likely in every
      context to keep its mass (mode-seeking).  Starting from the forward student, each of
      ``rounds`` rounds lets the student write ``n_chars`` characters and refits to them.

    A tabular softmax student is minimised exactly (its gradient is zero at these tables), so no
    learning rate is involved.  Seeded: the same arguments give the same student.

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    teacher : lossnotes.compression.CharNGram
        Fitted, ``order >= 1``.
    divergence : {'forward', 'reverse'}
    n_chars : int, default 10,000
        Characters of text per round.
    rounds : int, default 4
        On-policy rounds (``"reverse"`` only).
    seed : int, default 0

    Returns
    -------
    CharStudent

    Examples
    --------
    >>> from lossnotes.compression import CharNGram
    >>> from lossnotes.alignment import distil_char_student
    >>> teacher = CharNGram(2).fit("abcabcabd " * 50)
    >>> s = distil_char_student(teacher, "forward", n_chars=2000)
    >>> s.alphabet, s.probs.shape, bool(abs(s.probs.sum(axis=1) - 1).max() < 1e-12)
    (' abcd', (5, 5), True)
    """
    if divergence not in ("forward", "reverse"):
        raise ValueError(_("divergence must be 'forward' or 'reverse', got {value}").format(value=repr(divergence)))
    for name, value, low in (("n_chars", n_chars, 2), ("rounds", rounds, 1)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(_("{name} must be an integer >= {low}, got {value}").format(
                name=name, low=low, value=repr(value)))
    from .compression import _code_points, _from_code_points  # the n-gram's own text <-> code points (notebook 10)

    alphabet = _code_points(teacher.alphabet)  # sorted by code point; raises if the teacher is not fitted
    if teacher.order < 1:
        raise ValueError(_("the teacher must look at least one character back (order >= 1), got order "
                           "{order}").format(order=teacher.order))
    V = len(alphabet)
    text = teacher.sample(int(n_chars), seed=seed)
    ids = np.searchsorted(alphabet, _code_points(text))  # samples stay in the alphabet
    t = teacher.next_char_probs(text)
    total, count = np.zeros((V, V)), np.zeros(V)
    np.add.at(total, ids[:-1], t[1:])
    np.add.at(count, ids[:-1], 1)
    probs = np.where(count[:, None] > 0, total / np.maximum(count, 1)[:, None], 1.0 / V)
    if divergence == "reverse":
        rng = np.random.default_rng(seed + 1)
        for _round in range(int(rounds)):
            own = _sample_ids(probs, int(n_chars), rng, int(ids[0]))
            log_t = np.log(teacher.next_char_probs(_from_code_points(alphabet[own])))
            total, count = np.zeros((V, V)), np.zeros(V)
            np.add.at(total, own[:-1], log_t[1:])
            np.add.at(count, own[:-1], 1)
            logits = np.where(count[:, None] > 0, total / np.maximum(count, 1)[:, None], np.log(probs))
            w = np.exp(logits - logits.max(axis=1, keepdims=True))
            probs = w / w.sum(axis=1, keepdims=True)
    return CharStudent(probs, teacher.alphabet)


def sample_char_student(student, n, seed=0, prompt=" "):
    """Let a :class:`CharStudent` write ``n`` characters after ``prompt``'s last character (seeded).

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    student : CharStudent
    n : int >= 0
        How many characters to write.
    seed : int, default 0
    prompt : str, default " "
        The text before the sample; only its last character matters to a bigram student.

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> s = CharStudent(np.array([[0.0, 1.0], [1.0, 0.0]]), "ab")
    >>> sample_char_student(s, 5, prompt="a")
    'babab'
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise ValueError(_("{name} must be an integer >= {low}, got {value}").format(name="n", low=0, value=repr(n)))
    if not prompt or prompt[-1] not in student.alphabet:
        raise ValueError(_("prompt must end with a character of the student's alphabet, got {value}").format(
            value=repr(prompt)))
    out = _sample_ids(student.probs, int(n), np.random.default_rng(seed), student.alphabet.index(prompt[-1]))
    return "".join(student.alphabet[i] for i in out)


def char_student_cross_entropy(student, text):
    """Bits per character the student needs for ``text`` (each character given the previous one).

    Its own samples give its entropy rate; compare with
    :meth:`lossnotes.compression.CharNGram.cross_entropy` of the teacher on the same text.

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    student : CharStudent
    text : str
        At least 2 characters, all in ``student.alphabet``.

    Returns
    -------
    numpy.floating
        Bits per character over the ``len(text) - 1`` predicted characters (``inf`` if the student
        gives one of them probability 0).

    Examples
    --------
    >>> import numpy as np
    >>> s = CharStudent(np.full((2, 2), 0.5), "ab")
    >>> float(char_student_cross_entropy(s, "abba"))
    1.0
    """
    if any(c not in student.alphabet for c in text):
        raise ValueError(_("text must use only the characters of the student's alphabet"))
    idx = np.array([student.alphabet.index(c) for c in text])
    if idx.size < 2:
        raise ValueError(_("text must have at least 2 characters"))
    with np.errstate(divide="ignore"):
        return -np.mean(np.log2(student.probs[idx[:-1], idx[1:]]))
