// Sigmoid, and the gradients of CE/MSE/BCE with respect to logits (lossnotes.gradients, lossnotes.losses): notebooks 05 and 06.
// Exported from ../core.js; checked against Python by tests/test_js_parity_gradients.py.
//
// The sums are NumPy's (pairwise_sum: the same additions in the same order as np.sum of a 1-D
// array), so that where a result cancels (q - y on a confident true class, a cross-entropy near 0)
// JS and Python round alike.  Logits may be -Infinity (a masked class: probability exactly 0).

import { pairwise_sum } from "./information.js";

function logitsMax(x) {
  if (x.some((v) => Number.isNaN(v) || v === Infinity)) throw new RangeError("logits hold NaN or +inf: softmax is undefined there");
  let m = -Infinity;
  for (const v of x) if (v > m) m = v;
  if (m === -Infinity) throw new RangeError("logits have every entry -inf: every class is masked, so its softmax is 0/0");
  return m;
}

/** softmax with NumPy's sum (lossnotes.losses._softmax on a 1-D vector); 0 for a -inf logit. */
function softmaxNp(x) {
  const m = logitsMax(x);
  const e = x.map((v) => Math.exp(v - m));
  const s = pairwise_sum(e);
  return e.map((v) => v / s);
}

/** log softmax with NumPy's sum (lossnotes.losses._log_softmax on a 1-D vector). */
function logSoftmaxNp(x) {
  const m = logitsMax(x);
  const shifted = x.map((v) => v - m);
  const ls = Math.log(pairwise_sum(shifted.map(Math.exp)));
  return shifted.map((v) => v - ls);
}

/** The target as probabilities: a class index becomes one-hot, a vector is checked and kept. */
function targetVector(target, C) {
  if (Array.isArray(target)) {
    if (target.length !== C) throw new RangeError(`target has ${target.length} entries but there are ${C} logits`);
    if (target.some((v) => !(v >= 0 && v <= 1))) throw new RangeError("target probabilities must lie in [0, 1]");
    return target.slice();
  }
  if (!Number.isInteger(target) || target < 0 || target >= C) throw new RangeError(`target must be a class index in [0, ${C - 1}], got ${target}`);
  return Array.from({ length: C }, (_, i) => (i === target ? 1 : 0));
}

const elementwise = (f) => (z, y) => {
  if (Array.isArray(z)) {
    if (!Array.isArray(y) || y.length !== z.length) throw new RangeError("z and y must have the same shape");
    return z.map((zi, i) => f(zi, y[i]));
  }
  return f(z, y);
};

function checkBinary(z, y) {
  if (!Number.isFinite(z)) throw new RangeError(`z contains ${Number.isNaN(z) ? "NaN" : "inf"}`);
  checkBinaryTarget(y);
}

function checkBinaryTarget(y) {
  if (!(y >= 0 && y <= 1)) throw new RangeError(`y must lie in [0, 1] (binary targets), got ${y}`);
}

/** σ(x) = 1 / (1 + e^-x) without overflow (lossnotes.losses._sigmoid); numbers or arrays. */
export function sigmoid(x) {
  if (Array.isArray(x)) return x.map(sigmoid);
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|) (lossnotes.losses._softplus). */
export function softplus(x) {
  if (Array.isArray(x)) return x.map(softplus);
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Cross-entropy of one sample's logits (lossnotes.losses.cross_entropy on a 1-D input; nats).
 * `target`: a class index or probabilities; `label_smoothing` ε in [0, 1] mixes in ε/C (PyTorch).
 * +Infinity when the target class is masked (-inf logit).
 */
export function cross_entropy_loss(logits, target, label_smoothing = 0) {
  const C = logits.length;
  const eps = label_smoothing;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`label_smoothing must lie in [0, 1], got ${eps}`);
  if (!Array.isArray(target)) {
    targetVector(target, C); // validates the index
    const lp = logSoftmaxNp(logits);
    const nll = -lp[target];
    if (!eps) return nll;
    const smooth = -pairwise_sum(lp);
    const a = 1 - eps, b = eps / C;
    return a === 0 ? b * smooth : a * nll + b * smooth;
  }
  let t = targetVector(target, C);
  const lp = logSoftmaxNp(logits);
  if (eps) t = t.map((v) => v * (1 - eps) + eps / C);
  return -pairwise_sum(t.map((ti, i) => (ti !== 0 ? ti * lp[i] : 0))); // 0·log 0 = 0 on a masked class
}

/** The gradients take finite logits only (as lossnotes.gradients: masks belong to the losses). */
function finiteLogits(x, name = "logits") {
  const i = x.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) throw new RangeError(`${name} contains ${Number.isNaN(x[i]) ? "NaN" : "inf"} (first at index ${i})`);
}

/** ∂ cross-entropy / ∂ logits = q - y, q = softmax(z) (lossnotes.gradients.softmax_cross_entropy). */
export function softmax_cross_entropy(logits, target) {
  finiteLogits(logits);
  const q = softmaxNp(logits);
  const y = targetVector(target, logits.length);
  return q.map((qi, i) => qi - y[i]);
}

/** ∂ Σ(q - y)² / ∂ logits = q ⊙ (v - q·v), v = 2(q - y) (lossnotes.gradients.softmax_mse; no ½). */
export function softmax_mse(logits, target) {
  finiteLogits(logits);
  const q = softmaxNp(logits);
  const y = targetVector(target, logits.length);
  const v = q.map((qi, i) => 2 * (qi - y[i]));
  const qv = pairwise_sum(q.map((qi, i) => qi * v[i]));
  return q.map((qi, i) => qi * (v[i] - qv));
}

/** ∂ BCE / ∂z = σ(z) - y, elementwise (lossnotes.gradients.sigmoid_bce). */
export const sigmoid_bce = /* @__PURE__ */ elementwise((z, y) => {
  checkBinary(z, y);
  return sigmoid(z) - y;
});

/** ∂ ½(σ(z) - y)² / ∂z = (ŷ - y) ŷ (1 - ŷ), elementwise (lossnotes.gradients.sigmoid_mse). */
export const sigmoid_mse = /* @__PURE__ */ elementwise((z, y) => {
  checkBinary(z, y);
  const p = sigmoid(z);
  return (p - y) * p * (1 - p);
});

/** y·softplus(-z) + (1 - y)·softplus(z), elementwise: binary_cross_entropy_with_logits(reduction="none"), nats. */
export const binary_cross_entropy_with_logits = /* @__PURE__ */ elementwise((z, y) => {
  checkBinary(z, y);
  return y * softplus(-z) + (1 - y) * softplus(z);
});
