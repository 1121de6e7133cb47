"""lossnotes.losses and lossnotes.gradients against PyTorch (float64) as the oracle.

Skipped as a whole when torch is not installed, so the rest of the suite does
not depend on it.  torch is used here only, never by the package.
"""

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional
torch.set_num_threads(1)  # tiny tensors: threads only add overhead

from lossnotes import gradients as G  # noqa: E402
from lossnotes import losses as L  # noqa: E402

RTOL, ATOL = 1e-10, 1e-12
REDUCTIONS = ("none", "mean", "sum")


def T(a, **kw):
    a = np.asarray(a)
    return torch.tensor(a, dtype=torch.float64 if a.dtype.kind == "f" else torch.long, **kw)


def close(ours, theirs, rtol=RTOL, atol=ATOL):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True)


rng = np.random.default_rng(2024)
SHAPES = [(5,), (6, 5), (3, 5, 4), (2, 5, 3, 2)]


def _logits(shape, scale=2.0):
    return rng.normal(size=shape) * scale


def _index_target(shape, with_ignored=False, ignore_index=-100):
    C = shape[0] if len(shape) == 1 else shape[1]
    idx_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    t = rng.integers(0, C, size=idx_shape)
    if with_ignored and t.ndim:
        t.flat[:: 3] = ignore_index
    return t


def _prob_target(shape):
    return L.softmax(rng.normal(size=shape) * 2, axis=0 if len(shape) == 1 else 1)


# ----------------------------------------------------------------------------
# log-sum-exp family
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("dim", [0, 1, -1])
def test_logsumexp_softmax_log_softmax(dim):
    x = _logits((4, 6), scale=50.0)
    close(L.logsumexp(x, dim=dim), torch.logsumexp(T(x), dim=dim))
    close(L.logsumexp(x, dim=dim, keepdim=True), torch.logsumexp(T(x), dim=dim, keepdim=True))
    close(L.softmax(x, dim=dim), torch.softmax(T(x), dim=dim))
    close(L.log_softmax(x, dim=dim), torch.log_softmax(T(x), dim=dim))


def test_huge_logits_match_torch():
    x = np.array([[1e4, -1e4, 0.0, 5e3], [-1e4, -1e4 + 1, -1e4 + 2, 1e4]])
    y = np.array([1, 2])
    for red in REDUCTIONS:
        close(L.cross_entropy(x, y, reduction=red), F.cross_entropy(T(x), T(y), reduction=red))
        close(L.cross_entropy(x, y, reduction=red, label_smoothing=0.2),
              F.cross_entropy(T(x), T(y), reduction=red, label_smoothing=0.2))
        close(L.binary_cross_entropy_with_logits(x, (x > 0) * 0.0, reduction=red),
              F.binary_cross_entropy_with_logits(T(x), T((x > 0) * 0.0), reduction=red))
    close(L.log_softmax(x), torch.log_softmax(T(x), -1))
    close(L.distillation_loss(x, x[::-1].copy(), y, temperature=2.0),
          _torch_distillation(T(x), T(x[::-1].copy()), T(y), 2.0, 0.5))


# ----------------------------------------------------------------------------
# cross_entropy and nll_loss
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ls", [0.0, 0.25])
def test_cross_entropy_index_targets(shape, weighted, ls):
    x = _logits(shape)
    t = _index_target(shape, with_ignored=True)
    C = shape[0] if len(shape) == 1 else shape[1]
    w = rng.uniform(0.2, 3.0, size=C) if weighted else None
    for red in REDUCTIONS:
        ours = L.cross_entropy(x, t, weight=w, reduction=red, label_smoothing=ls)
        theirs = F.cross_entropy(T(x), T(t), weight=None if w is None else T(w), reduction=red,
                                 label_smoothing=ls)
        close(ours, theirs)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ls", [0.0, 0.3])
def test_cross_entropy_probability_targets(shape, weighted, ls):
    x = _logits(shape)
    p = _prob_target(shape)
    C = shape[0] if len(shape) == 1 else shape[1]
    w = rng.uniform(0.2, 3.0, size=C) if weighted else None
    for red in REDUCTIONS:
        ours = L.cross_entropy(x, p, weight=w, reduction=red, label_smoothing=ls)
        theirs = F.cross_entropy(T(x), T(p), weight=None if w is None else T(w), reduction=red,
                                 label_smoothing=ls)
        close(ours, theirs)


def test_cross_entropy_ignore_index_variants_and_all_ignored():
    x = _logits((6, 4))
    t = np.array([0, 3, 2, 3, 1, 3])
    w = np.array([1.0, 2.0, 0.5, 4.0])
    for ii, ls, red in itertools.product([3, 0, -100], [0.0, 0.1], REDUCTIONS):
        close(L.cross_entropy(x, t, weight=w, ignore_index=ii, label_smoothing=ls, reduction=red),
              F.cross_entropy(T(x), T(t), weight=T(w), ignore_index=ii, label_smoothing=ls, reduction=red))
    allign = np.full(6, -100)
    for ls in (0.0, 0.2):
        close(L.cross_entropy(x, allign, label_smoothing=ls), F.cross_entropy(T(x), T(allign), label_smoothing=ls))
        close(L.cross_entropy(x, allign, weight=w, label_smoothing=ls),
              F.cross_entropy(T(x), T(allign), weight=T(w), label_smoothing=ls))
    # weights of the present classes all zero: 0/0 in torch too
    close(L.cross_entropy(x, np.zeros(6, int), weight=[0.0, 1, 1, 1]),
          F.cross_entropy(T(x), T(np.zeros(6, int)), weight=T([0.0, 1, 1, 1])))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("weighted", [False, True])
def test_nll_loss(shape, weighted):
    x = L.log_softmax(_logits(shape), axis=0 if len(shape) == 1 else 1)
    t = _index_target(shape, with_ignored=True)
    C = shape[0] if len(shape) == 1 else shape[1]
    w = rng.uniform(0.2, 3.0, size=C) if weighted else None
    for red in REDUCTIONS:
        close(L.nll_loss(x, t, weight=w, reduction=red),
              F.nll_loss(T(x), T(t), weight=None if w is None else T(w), reduction=red))
    t = _index_target(shape)
    close(L.nll_loss(x, t, ignore_index=1), F.nll_loss(T(x), T(t), ignore_index=1))


# ----------------------------------------------------------------------------
# binary losses and focal loss
# ----------------------------------------------------------------------------

def test_binary_cross_entropy():
    p = rng.uniform(size=(4, 3))
    p[0, 0], p[1, 1], p[2, 2] = 0.0, 1.0, 1e-50
    y = rng.uniform(size=(4, 3))
    y[0, 0], y[1, 1] = 1.0, 0.0
    for w in (None, rng.uniform(0, 2, size=(4, 3)), rng.uniform(0, 2, size=3)):
        for red in REDUCTIONS:
            close(L.binary_cross_entropy(p, y, weight=w, reduction=red),
                  F.binary_cross_entropy(T(p), T(y), weight=None if w is None else T(w), reduction=red))


def test_binary_cross_entropy_with_logits():
    x = _logits((5, 3), scale=10.0)
    x[0] = [40.0, -40.0, 700.0]
    y = rng.uniform(size=(5, 3))
    y[0] = [0.0, 1.0, 0.0]
    options = [(None, None), (rng.uniform(0, 2, size=(5, 3)), None), (None, rng.uniform(0.5, 4, size=3)),
               (rng.uniform(0, 2, size=3), rng.uniform(0.5, 4, size=(5, 3)))]
    for (w, pw), red in itertools.product(options, REDUCTIONS):
        close(L.binary_cross_entropy_with_logits(x, y, weight=w, reduction=red, pos_weight=pw),
              F.binary_cross_entropy_with_logits(T(x), T(y), weight=None if w is None else T(w), reduction=red,
                                                 pos_weight=None if pw is None else T(pw)))


def _torchvision_focal(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    # torchvision.ops.sigmoid_focal_loss, verbatim in torch ops
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss


@pytest.mark.parametrize("alpha,gamma", [(0.25, 2), (0.5, 0), (-1, 2), (0.9, 1.5), (0.0, 3)])
def test_sigmoid_focal_loss(alpha, gamma):
    x = _logits((6, 4), scale=3.0)
    t = (rng.uniform(size=(6, 4)) > 0.6).astype(float)
    t[0] = rng.uniform(size=4)  # soft targets too
    for red in REDUCTIONS:
        close(L.sigmoid_focal_loss(x, t, alpha=alpha, gamma=gamma, reduction=red),
              _torchvision_focal(T(x), T(t), alpha=alpha, gamma=gamma, reduction=red), rtol=1e-9)
    close(L.sigmoid_focal_loss(x, t), _torchvision_focal(T(x), T(t)), rtol=1e-9)


# ----------------------------------------------------------------------------
# kl_div
# ----------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides:UserWarning")  # torch warns; lossnotes does not
@pytest.mark.parametrize("shape", [(5,), (4, 5), (3, 4, 2)])
@pytest.mark.parametrize("red", ["none", "mean", "sum", "batchmean"])
def test_kl_div(shape, red):
    lq = L.log_softmax(_logits(shape), axis=-1)
    p = L.softmax(_logits(shape), axis=-1)
    p.flat[::4] = 0.0  # zero targets contribute 0 (xlogy)
    close(L.kl_div(lq, p, reduction=red), F.kl_div(T(lq), T(p), reduction=red))
    lp = L.log_softmax(_logits(shape), axis=-1)
    close(L.kl_div(lq, lp, reduction=red, log_target=True),
          F.kl_div(T(lq), T(lp), reduction=red, log_target=True))


# ----------------------------------------------------------------------------
# regression
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("red", REDUCTIONS)
def test_regression_losses(red):
    x, y = rng.normal(size=(4, 5)) * 3, rng.normal(size=(4, 5)) * 3
    x[0, 0] = y[0, 0]
    close(L.mse_loss(x, y, reduction=red), F.mse_loss(T(x), T(y), reduction=red))
    close(L.l1_loss(x, y, reduction=red), F.l1_loss(T(x), T(y), reduction=red))
    for beta in (0.0, 0.5, 1.0, 2.5):
        close(L.smooth_l1_loss(x, y, reduction=red, beta=beta),
              F.smooth_l1_loss(T(x), T(y), reduction=red, beta=beta))
    for delta in (0.5, 1.0, 3.0):
        close(L.huber_loss(x, y, reduction=red, delta=delta), F.huber_loss(T(x), T(y), reduction=red, delta=delta))


# ----------------------------------------------------------------------------
# multi_margin_loss, info_nce, distillation_loss
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("margin", [1.0, 0.3, 2.0])
@pytest.mark.parametrize("weighted", [False, True])
def test_multi_margin_loss(p, margin, weighted):
    x = _logits((7, 4), scale=1.0)
    t = rng.integers(0, 4, size=7)
    w = rng.uniform(0.2, 3, size=4) if weighted else None
    for red in REDUCTIONS:
        close(L.multi_margin_loss(x, t, p=p, margin=margin, weight=w, reduction=red),
              F.multi_margin_loss(T(x), T(t), p=p, margin=margin, weight=None if w is None else T(w),
                                  reduction=red))
    close(L.multi_margin_loss(x[0], t[0], p=p, margin=margin), F.multi_margin_loss(T(x[0]), T(t[0]), p=p, margin=margin))


def test_info_nce():
    q, k = rng.normal(size=(5, 8)), rng.normal(size=(9, 8))
    idx = rng.integers(0, 9, size=5)
    for tau, red in itertools.product((0.07, 1.0), REDUCTIONS):
        logits = F.normalize(T(q), dim=1) @ F.normalize(T(k), dim=1).T / tau
        close(L.info_nce(q, k, idx, temperature=tau, reduction=red), F.cross_entropy(logits, T(idx), reduction=red))
    logits = F.normalize(T(q), dim=1) @ F.normalize(T(k), dim=1).T / 0.1
    close(L.info_nce(q, k), F.cross_entropy(logits, torch.arange(5)))


def _torch_distillation(s, t, y, temp, alpha):
    soft = temp ** 2 * F.kl_div(F.log_softmax(s / temp, -1), F.softmax(t / temp, -1), reduction="batchmean")
    if y is None:
        return soft
    return alpha * soft + (1 - alpha) * F.cross_entropy(s, y)


@pytest.mark.parametrize("temp", [1.0, 4.0, 20.0])
@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.9])
def test_distillation_loss(temp, alpha):
    s, t = _logits((6, 5)), _logits((6, 5))
    y = rng.integers(0, 5, size=6)
    close(L.distillation_loss(s, t, y, temperature=temp, alpha=alpha),
          _torch_distillation(T(s), T(t), T(y), temp, alpha))
    close(L.distillation_loss(s, t, temperature=temp, alpha=alpha), _torch_distillation(T(s), T(t), None, temp, alpha))
    close(L.distillation_loss(s, t, y, temperature=temp, alpha=alpha, reduction="sum"),
          6 * _torch_distillation(T(s), T(t), T(y), temp, alpha))


# ----------------------------------------------------------------------------
# gradients against autograd
# ----------------------------------------------------------------------------

def _grad(fn, x):
    xt = T(x, requires_grad=True)
    fn(xt).backward()
    return xt.grad


@pytest.mark.parametrize("shape", [(5,), (6, 5), (3, 5, 4)])
def test_grad_softmax_cross_entropy_and_mse(shape):
    z = _logits(shape)
    axis = 0 if len(shape) == 1 else 1
    C = shape[axis]
    y = _index_target(shape)
    p = _prob_target(shape)
    close(G.softmax_cross_entropy(z, y), _grad(lambda v: F.cross_entropy(v, T(y), reduction="sum"), z))
    close(G.softmax_cross_entropy(z, p), _grad(lambda v: F.cross_entropy(v, T(p), reduction="sum"), z))
    # 'mean': torch divides by N
    n = int(np.prod(y.shape)) if y.ndim else 1
    close(G.softmax_cross_entropy(z, y) / n, _grad(lambda v: F.cross_entropy(v, T(y)), z))
    onehot = torch.movedim(F.one_hot(T(y), C).double(), -1, axis)
    close(G.softmax_mse(z, y), _grad(lambda v: F.mse_loss(torch.softmax(v, axis), onehot, reduction="sum"), z))
    close(G.softmax_mse(z, p), _grad(lambda v: F.mse_loss(torch.softmax(v, axis), T(p), reduction="sum"), z))


def test_grad_sigmoid_and_logistic():
    z = _logits((4, 3), scale=4.0)
    y = rng.uniform(size=(4, 3))
    close(G.sigmoid_bce(z, y), _grad(lambda v: F.binary_cross_entropy_with_logits(v, T(y), reduction="sum"), z))
    close(G.sigmoid_mse(z, y), _grad(lambda v: 0.5 * ((torch.sigmoid(v) - T(y)) ** 2).sum(), z))
    x = rng.normal(size=10)
    yb = (rng.uniform(size=10) > 0.5).astype(float)
    for w, b in [(0.5, -0.2), (3.0, 1.0)]:
        wb = np.array([w, b])
        g_bce = _grad(lambda p: F.binary_cross_entropy_with_logits(p[0] * T(x) + p[1], T(yb)), wb)
        close(np.array(G.logistic_bce_wb(w, b, x, yb)), g_bce)
        g_mse = _grad(lambda p: (0.5 * (torch.sigmoid(p[0] * T(x) + p[1]) - T(yb)) ** 2).mean(), wb)
        close(np.array(G.logistic_mse_wb(w, b, x, yb)), g_mse)


def test_grad_regression():
    x, y = rng.normal(size=12) * 2, rng.normal(size=12) * 2
    x[0] = y[0]  # L1 and smooth L1 at 0: torch's subgradient is 0
    close(G.mse(x, y), _grad(lambda v: F.mse_loss(v, T(y), reduction="sum"), x))
    close(G.l1(x, y), _grad(lambda v: F.l1_loss(v, T(y), reduction="sum"), x))
    for beta in (0.0, 0.5, 1.0, 2.0):
        close(G.smooth_l1(x, y, beta=beta), _grad(lambda v: F.smooth_l1_loss(v, T(y), reduction="sum", beta=beta), x))
    for delta in (0.5, 1.0, 2.0):
        close(G.huber(x, y, delta=delta), _grad(lambda v: F.huber_loss(v, T(y), reduction="sum", delta=delta), x))


@pytest.mark.parametrize("temp", [1.0, 5.0, 20.0])
def test_grad_distillation(temp):
    z, v = _logits((4, 6)), _logits((4, 6))
    p = torch.softmax(T(v) / temp, -1)
    close(G.distillation(z, v, temp), _grad(lambda s: -(p * torch.log_softmax(s / temp, -1)).sum(), z))
    y = rng.integers(0, 6, size=4)
    alpha = 0.7
    ours = (alpha * temp ** 2 * G.distillation(z, v, temp) + (1 - alpha) * G.softmax_cross_entropy(z, y)) / 4
    close(ours, _grad(lambda s: _torch_distillation(s, T(v), T(y), temp, alpha), z))


# ----------------------------------------------------------------------------
# edge cases (issue 9): masked logits, empty and 0-d inputs, (1,) targets
# ----------------------------------------------------------------------------

_NINF = float("-inf")


@pytest.mark.parametrize("x, dim", [
    ([_NINF, 0.0], 0), ([[_NINF, 0.0, 2.0], [1.0, _NINF, _NINF]], 1), ([[_NINF, 0.0], [3.0, _NINF]], 0),
    (np.zeros(0), 0), (np.zeros((2, 0)), 1), (np.zeros((0, 3)), 1), (np.float64(3.0), 0), (np.float64(3.0), -1),
])
def test_softmax_family_edge_cases_match_torch(x, dim):
    close(L.softmax(x, dim=dim), torch.softmax(T(x), dim))
    close(L.log_softmax(x, dim=dim), torch.log_softmax(T(x), dim))
    close(L.logsumexp(x, dim=dim), torch.logsumexp(T(x), dim))
    close(L.logsumexp(x, dim=dim, keepdim=True), torch.logsumexp(T(x), dim, keepdim=True))


@pytest.mark.parametrize("x", [[_NINF, _NINF], [float("inf"), 0.0], [float("inf"), _NINF], _NINF])
def test_logsumexp_infinite_vectors_match_torch(x):
    close(L.logsumexp(np.asarray(x, dtype=float), dim=0), torch.logsumexp(T(np.asarray(x, dtype=float)), 0))


@pytest.mark.parametrize("red", REDUCTIONS)
@pytest.mark.parametrize("ls", [0.0, 0.2])
def test_cross_entropy_masked_logits_match_torch(red, ls):
    x = _logits((6, 5))
    x[0, 1] = x[2, 4] = x[3, :3] = _NINF  # masked classes, none of them a target
    y = np.array([0, 2, 1, 4, 3, 0])
    close(L.cross_entropy(x, y, reduction=red, label_smoothing=ls),
          F.cross_entropy(T(x), T(y), reduction=red, label_smoothing=ls))
    w = np.array([1.0, 2.0, 0.5, 1.5, 3.0])
    close(L.cross_entropy(x, y, weight=w, reduction=red, label_smoothing=ls),
          F.cross_entropy(T(x), T(y), weight=T(w), reduction=red, label_smoothing=ls))
    y[0] = 1  # now a sample whose target is masked: +inf, as in torch
    ours = L.cross_entropy(x, y, reduction=red, label_smoothing=ls)
    close(ours, F.cross_entropy(T(x), T(y), reduction=red, label_smoothing=ls))
    assert np.isinf(ours).any()
    x[5] = _NINF  # a fully masked sample whose target is ignored: as in torch
    y[5] = -100
    close(L.cross_entropy(x, y, reduction=red, label_smoothing=ls),
          F.cross_entropy(T(x), T(y), reduction=red, label_smoothing=ls))


def test_cross_entropy_masked_probability_targets_match_torch_where_torch_is_finite():
    x = _logits((4, 3))
    x[1, 2] = _NINF
    p = _prob_target((4, 3))
    close(L.cross_entropy(x, p, label_smoothing=0.1), F.cross_entropy(T(x), T(p), label_smoothing=0.1))
    assert np.isinf(L.cross_entropy(x, p))  # p > 0 on the masked class


@pytest.mark.parametrize("red", REDUCTIONS)
def test_one_element_targets_match_torch(red):
    x = _logits((5,))
    for y in (np.array(2), np.array([2])):
        close(L.cross_entropy(x, y, reduction=red), F.cross_entropy(T(x), T(y), reduction=red))
        close(L.nll_loss(L.log_softmax(x), y, reduction=red),
              F.nll_loss(torch.log_softmax(T(x), 0), T(y), reduction=red))
        close(L.multi_margin_loss(x, y, reduction=red), F.multi_margin_loss(T(x), T(y), reduction=red))
    for y in (np.array(0), np.array([0])):
        close(L.multi_margin_loss(np.float64(2.0), y, reduction=red, weight=[3.0]),
              F.multi_margin_loss(T(np.float64(2.0)), T(y), reduction=red, weight=T([3.0])))


@pytest.mark.parametrize("red", ["none", "sum", "batchmean"])
def test_kl_div_with_zero_q_matches_torch_where_torch_is_defined(red):
    lq = np.array([[np.log(0.5), np.log(0.5), _NINF], [np.log(0.2), np.log(0.3), np.log(0.5)]])
    p = np.array([[0.25, 0.75, 0.0], [0.1, 0.1, 0.8]])
    theirs = F.kl_div(T(lq), T(p), reduction="none")
    # torch: 0 * -inf = NaN where p = q = 0; lossnotes: 0 (0 log 0 = 0).  Elsewhere equal.
    assert torch.isnan(theirs[0, 2]) and not torch.isnan(theirs[1]).any()
    theirs = theirs.nan_to_num(0.0)
    expected = {"none": theirs, "sum": theirs.sum(), "batchmean": theirs.sum() / 2}[red]
    close(L.kl_div(lq, p, reduction=red), expected)
    p[0] = [0.25, 0.25, 0.5]  # now q = 0 < p: +inf, as in torch
    close(L.kl_div(lq, p, reduction=red), F.kl_div(T(lq), T(p), reduction=red))


# ----------------------------------------------------------------------------
# DPO (notebook 11): TRL DPOTrainer.dpo_loss, loss_type="sigmoid" (v0.28), written in torch
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("beta, eps", [(0.1, 0.0), (0.5, 0.1), (2.0, 0.5)])
def test_dpo_loss_and_gradient_match_trl_formula(beta, eps):
    from lossnotes.alignment import dpo_loss_gradient, implicit_reward

    pc, pr, rc, rr = (-rng.uniform(0.5, 30.0, size=9) for _ in range(4))
    t = [T(a, requires_grad=True) for a in (pc, pr, rc, rr)]
    logits = (t[0] - t[1]) - (t[2] - t[3])  # TRL: pi_logratios - ref_logratios
    losses = -F.logsigmoid(beta * logits) * (1 - eps) - F.logsigmoid(-beta * logits) * eps
    close(L.dpo_loss(pc, pr, rc, rr, beta, eps, reduction="none"), losses)
    close(L.dpo_loss(pc, pr, rc, rr, beta, eps, reduction="sum"), losses.sum())
    losses.mean().backward()
    close(L.dpo_loss(pc, pr, rc, rr, beta, eps), losses.mean())  # TRL: losses.mean()
    d_c, d_r = dpo_loss_gradient(pc, pr, rc, rr, beta, eps)
    close(d_c / len(pc), t[0].grad)
    close(d_r / len(pc), t[1].grad)
    close(implicit_reward(pc, rc, beta), beta * (t[0] - t[2]))  # TRL's logged rewards/chosen
