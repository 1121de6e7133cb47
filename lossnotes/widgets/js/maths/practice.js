// Focal loss and contrastive (InfoNCE) quantities (lossnotes.losses): notebook 09_other_losses.
// Exported from ../core.js; checked against Python by tests/test_js_parity_practice.py.

import { pairwise_sum } from "./information.js";

function practiceReduce(loss, reduction) {
  if (reduction === "none") return loss;
  if (reduction === "sum") return pairwise_sum(loss);
  if (reduction === "mean") return pairwise_sum(loss) / loss.length;
  throw new RangeError(`reduction must be 'mean', 'sum' or 'none', got ${reduction}`);
}

/** log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|)) (losses._softplus). */
function softplus(x) {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** 1 / (1 + exp(-x)) without overflow (losses._sigmoid). */
function sigmoid(x) {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** The logit log p - log(1 - p) of a probability (the explorers' p_t → x). */
export function focal_logit(p) {
  return Math.log(p) - Math.log1p(-p);
}

/**
 * Focal loss on logits, torchvision's definition (lossnotes.losses.sigmoid_focal_loss):
 * α_t (1 - p_t)^γ BCE(x, t); a negative α switches α_t off.  Arrays in, default reduction "none".
 */
export function sigmoid_focal_loss(inputs, targets, alpha = 0.25, gamma = 2, reduction = "none") {
  if (inputs.length !== targets.length) {
    throw new RangeError(`inputs has length ${inputs.length} but targets has length ${targets.length}; they must be equal`);
  }
  if (targets.some((t) => !(t >= 0 && t <= 1))) throw new RangeError("targets must lie in [0, 1] (binary targets)");
  if (!(alpha <= 1)) throw new RangeError(`alpha must be <= 1, got ${alpha}`);
  if (!(gamma >= 0)) throw new RangeError(`gamma must be >= 0, got ${gamma}`);
  const loss = inputs.map((x, i) => {
    const t = targets[i];
    const ce = t * softplus(-x) + (1 - t) * softplus(x);
    const omp = t * sigmoid(-x) + (1 - t) * sigmoid(x);
    const l = ce * omp ** gamma;
    return alpha >= 0 ? (alpha * t + (1 - alpha) * (1 - t)) * l : l;
  });
  return practiceReduce(loss, reduction);
}

/** Row-wise log-softmax of a matrix (losses._log_softmax along axis 1): (x - m) - log Σ exp(x - m). */
export function practice_log_softmax_rows(rows) {
  return rows.map((x) => {
    let m = -Infinity;
    for (const v of x) if (v > m) m = v;
    const shifted = x.map((v) => v - m);
    const ls = Math.log(pairwise_sum(shifted.map(Math.exp)));
    return shifted.map((v) => v - ls);
  });
}

/** Row-wise softmax of a matrix (losses.softmax along axis 1): exp(x - m) / Σ exp(x - m). */
export function practice_softmax_rows(rows) {
  return rows.map((x) => {
    let m = -Infinity;
    for (const v of x) if (v > m) m = v;
    const e = x.map((v) => Math.exp(v - m));
    const s = pairwise_sum(e);
    return e.map((v) => v / s);
  });
}

/**
 * InfoNCE from a similarity matrix: the cross-entropy of each row of S/τ with the diagonal as
 * target, -log softmax(S_n/τ)_n (lossnotes.losses.cross_entropy(S / τ, arange(N))).
 * Returns the per-row losses ("none"), or their mean or sum.
 */
export function info_nce_from_similarity(similarity, temperature = 0.1, reduction = "mean") {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  const lp = practice_log_softmax_rows(similarity.map((row) => row.map((s) => s / temperature)));
  return practiceReduce(lp.map((row, n) => -row[n]), reduction);
}

/** The mean of a vector in NumPy's order (np.mean). */
export function practice_mean(a) {
  return pairwise_sum(a) / a.length;
}
