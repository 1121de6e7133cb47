// Regression losses and robust fits (lossnotes.losses, lossnotes.fitting): notebook 07_regression_losses.
// Exported from ../core.js; checked against Python by tests/test_js_parity_regression.py.
//
// The fits repeat lossnotes.fitting's algorithm step for step (least squares, Wesolowsky's exact
// L1 descent, IRLS for Smooth L1 and Huber, the same stopping rules and iteration counts), and add
// numbers in NumPy's order (its pairwise summation), so that they agree with Python to the last
// bits rather than only to the tolerance of the iteration.

import { pairwise_sum } from "./information.js";

/** np.mean of a 1-D array. */
const npMean = (a) => pairwise_sum(a) / a.length;

function reduce(loss, reduction) {
  if (reduction === "none") return loss;
  if (reduction === "sum") return pairwise_sum(loss);
  if (reduction === "mean") return npMean(loss);
  throw new RangeError(`reduction must be 'mean', 'sum' or 'none', got ${reduction}`);
}

function pair(input, target) {
  if (input.length !== target.length) {
    throw new RangeError(`input has length ${input.length} but target has length ${target.length}; they must be equal`);
  }
  return input.map((x, i) => x - target[i]);
}

/** Mean absolute error |x - y| (lossnotes.losses.l1_loss). */
export function l1_loss(input, target, reduction = "mean") {
  return reduce(pair(input, target).map(Math.abs), reduction);
}

/** Smooth L1: 0.5 d²/β below β, |d| - 0.5 β above; β = 0 is L1 (lossnotes.losses.smooth_l1_loss). */
export function smooth_l1_loss(input, target, reduction = "mean", beta = 1.0) {
  if (!(beta >= 0)) throw new RangeError(`beta must be >= 0, got ${beta}`);
  const a = pair(input, target).map(Math.abs);
  const loss = beta === 0 ? a : a.map((v) => (v < beta ? (0.5 * v * v) / beta : v - 0.5 * beta));
  return reduce(loss, reduction);
}

/** Huber: 0.5 d² below δ, δ(|d| - 0.5 δ) above (lossnotes.losses.huber_loss). */
export function huber_loss(input, target, reduction = "mean", delta = 1.0) {
  if (!(delta > 0)) throw new RangeError(`delta must be > 0, got ${delta}`);
  const a = pair(input, target).map(Math.abs);
  return reduce(a.map((v) => (v < delta ? 0.5 * v * v : delta * (v - 0.5 * delta))), reduction);
}

const LOSS_NAMES = { l2: "l2", mse: "l2", l1: "l1", mae: "l1", smooth_l1: "smooth_l1", huber: "huber" };

function lossName(loss) {
  const name = typeof loss === "string" ? LOSS_NAMES[loss.trim().toLowerCase()] : undefined;
  if (!name) throw new RangeError(`loss must be one of 'l2', 'mse', 'l1', 'mae', 'smooth_l1', 'huber'; got ${loss}`);
  return name;
}

function weightsOf(r, name, t, eps) {
  return r.map((ri) => {
    const a = Math.max(Math.abs(ri), eps);
    if (name === "l2") return 1.0;
    if (name === "l1") return 1.0 / a;
    if (name === "huber") return a < t ? 1.0 : t / a;
    return a < t ? 1.0 / t : 1.0 / a; // smooth_l1
  });
}

/** The IRLS weights ρ'(r)/r of a regression loss (lossnotes.fitting.irls_weights). */
export function irls_weights(residuals, loss = "l2", { beta = 1.0, delta = 1.0, eps = 1e-12 } = {}) {
  const name = lossName(loss);
  const t = name === "smooth_l1" ? beta : delta;
  if ((name === "smooth_l1" || name === "huber") && !(t > 0)) {
    throw new RangeError(`${name === "huber" ? "delta" : "beta"} must be > 0, got ${t}`);
  }
  return weightsOf(residuals, name, t, eps);
}

/** Weighted least-squares line (fitting._wls), the same operations in the same order. */
function wls(x, y, w) {
  const sw = pairwise_sum(w);
  const mx = pairwise_sum(w.map((wi, i) => wi * x[i])) / sw;
  const my = pairwise_sum(w.map((wi, i) => wi * y[i])) / sw;
  const wdx = w.map((wi, i) => wi * (x[i] - mx));
  const slope = pairwise_sum(wdx.map((v, i) => v * (y[i] - my))) / pairwise_sum(wdx.map((v, i) => v * (x[i] - mx)));
  return [slope, my - slope * mx];
}

/** Exact L1 line by descent over lines through data points (fitting._l1_descent, Wesolowsky 1981). */
function l1Descent(x, y, slope, intercept, maxIter) {
  const N = x.length;
  let piv = 0;
  let rmin = Infinity;
  for (let i = 0; i < N; i++) {
    const r = Math.abs(y[i] - (slope * x[i] + intercept));
    if (r < rmin) { rmin = r; piv = i; }
  }
  let best = Infinity;
  const my = npMean(y);
  const scale = pairwise_sum(y.map((v) => Math.abs(v - my))) + 1.0;
  let n = 0;
  const idx = Array.from({ length: N }, (_, i) => i);
  for (n = 1; n <= maxIter; n++) {
    const xi = x[piv], yi = y[piv];
    const w = x.map((v) => Math.abs(v - xi));
    const s = x.map((v, j) => (w[j] > 0 ? (y[j] - yi) / (v - xi) : 0.0));
    const order = idx.slice().sort((i, j) => s[i] - s[j]); // stable, as argsort(kind="stable")
    const cw = new Array(N);
    let acc = 0;
    for (let j = 0; j < N; j++) { acc += w[order[j]]; cw[j] = acc; }
    const half = 0.5 * cw[N - 1];
    let m = 0;
    while (m < N - 1 && !(cw[m] >= half)) m++;
    if (!(cw[m] >= half)) m = 0; // np.argmax of all False
    const k = order[m];
    const a = s[k];
    const b = yi - a * xi;
    const cost = pairwise_sum(x.map((v, j) => Math.abs(y[j] - (a * v + b))));
    if (cost < best - 1e-13 * scale) {
      slope = a; intercept = b; best = cost; piv = k;
    } else {
      break;
    }
  }
  return [slope, intercept, Math.min(n, maxIter)];
}

/**
 * Fit y ≈ slope·x + intercept minimising the mean L2, L1, Smooth L1 (β) or Huber (δ) loss:
 * lossnotes.fitting.fit_line for one data set.  Returns {slope, intercept, n_iter}.
 */
export function fit_line(x, y, loss = "l2", { beta = 1.0, delta = 1.0, max_iter = 100, tol = 1e-10 } = {}) {
  if (x.length !== y.length) throw new RangeError(`x has length ${x.length} but y has length ${y.length}`);
  if (y.length < 2) throw new RangeError(`a line needs at least 2 points, got ${y.length}`);
  if (Math.max(...x) === Math.min(...x)) throw new RangeError("x has the same value for every sample, so the slope is undefined");
  const name = lossName(loss);
  const t = name === "smooth_l1" ? beta : delta;
  if ((name === "smooth_l1" || name === "huber") && !(t > 0)) {
    throw new RangeError(`${name === "huber" ? "delta" : "beta"} must be > 0, got ${t}`);
  }
  let [slope, intercept] = wls(x, y, y.map(() => 1.0));
  let n = 0;
  if (name === "l1") {
    [slope, intercept, n] = l1Descent(x, y, slope, intercept, max_iter);
  } else if (name !== "l2") {
    const mean = npMean(y);
    const sq = y.map((v) => (v - mean) * (v - mean));
    const scale = Math.sqrt(pairwise_sum(sq) / y.length) + Math.abs(mean) + 1.0;
    const xscale = Math.max(...x.map(Math.abs)) + 1.0;
    const eps = 1e-12 * scale;
    for (n = 1; n <= max_iter; n++) {
      const r = y.map((v, i) => v - (slope * x[i] + intercept));
      const [ns, ni] = wls(x, y, weightsOf(r, name, t, eps));
      const moved = Math.max(Math.abs(ns - slope) * xscale, Math.abs(ni - intercept));
      slope = ns; intercept = ni;
      if (moved <= tol * scale) break;
    }
    if (n > max_iter) n = max_iter;
  }
  return { slope, intercept, n_iter: n };
}
