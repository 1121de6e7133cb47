// Discretised normals, two-peak mixtures and the KL fits of a normal (lossnotes.gaussian_fit): notebook
// 04_kl_and_js_divergence.  All divergences in nats.
// Exported from ../core.js; checked against Python by tests/test_js_parity_divergence.py.

/** numpy.linspace(start, stop, num): i·step + start, the last point exactly stop (the same doubles). */
export function gaussian_linspace(start, stop, num) {
  const div = num - 1;
  const step = (stop - start) / div;
  const out = new Float64Array(num);
  for (let i = 0; i < num; i++) out[i] = div > 0 && step !== 0 ? i * step + start : (div > 0 ? (i / div) * (stop - start) + start : start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

/** ln q_i of the grid-normalised normal (mu, sigma) on x, and ln Z: gaussian_fit._log_normal_on_grid. */
export function log_normal_on_grid(x, mu, sigma) {
  const n = x.length;
  const logw = new Float64Array(n);
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    const z = (x[i] - mu) / sigma;
    logw[i] = -0.5 * z * z;
    if (logw[i] > top) top = logw[i];
  }
  let s = 0;
  for (let i = 0; i < n; i++) { logw[i] -= top; s += Math.exp(logw[i]); }
  const lnorm = Math.log(s);
  for (let i = 0; i < n; i++) logw[i] -= lnorm;
  return { logq: logw, logZ: top + lnorm };
}

/** The normal (mu, sigma) discretised on the grid x (probabilities summing to 1), as gaussian_fit.discretised_normal. */
export function discretised_normal(x, mu, sigma) {
  return Float64Array.from(log_normal_on_grid(x, mu, sigma).logq, Math.exp);
}

/** w N(-d/2, s²) + (1 - w) N(d/2, s²), each discretised on x, as gaussian_fit.two_peak_mixture. */
export function two_peak_mixture(x, separation, weight, width = 1) {
  const a = discretised_normal(x, -separation / 2, width);
  const b = discretised_normal(x, separation / 2, width);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = weight * a[i] + (1 - weight) * b[i];
  return out;
}

/**
 * How many peaks the continuous mixture density has (1 or 2): the count of gaussian_fit.mixture_modes,
 * which samples g(v) = 2a² tanh v - 2v - ln(w / (1 - w)) (a = d / 2s) at `resolution` points of
 * [-vmax, vmax] and counts its sign changes (roots; peaks and valleys alternate, a peak first).
 *
 * The same samples, without evaluating all of them: g' = 2a² sech² v - 2, so for a <= 1 g decreases
 * everywhere (one sign change), and for a > 1 it decreases up to -v*, increases up to v* and decreases
 * again (v* = acosh a).  A monotone run of samples changes sign at most once, between its ends, so the
 * sign changes of all the samples are those of the samples at the ends of the three runs.
 */
export function mixture_peak_count(separation, weight, width = 1, resolution = 200001) {
  const a = separation / (2 * width);
  const c = Math.log(weight / (1 - weight));
  if (a <= 1) return 1;
  const vmax = a * a + Math.abs(c) / 2 + 1;
  const last = resolution - 1;
  const step = (vmax - -vmax) / last;
  const v = (i) => (i === last ? vmax : i * step + -vmax); // numpy.linspace(-vmax, vmax, resolution)[i]
  const k2 = 2 * a * a;
  const negative = (i) => { const g = k2 * Math.tanh(v(i)) - 2 * v(i) - c; return g < 0 || Object.is(g, -0); };
  const vs = Math.acosh(a);
  let i1 = Math.min(last, Math.max(0, Math.floor((vmax - vs) / step)));
  while (i1 > 0 && v(i1) > -vs) i1 -= 1;
  while (i1 < last && v(i1 + 1) <= -vs) i1 += 1;
  let i2 = Math.min(last, Math.max(0, Math.ceil((vmax + vs) / step)));
  while (i2 < last && v(i2) < vs) i2 += 1;
  while (i2 > 0 && v(i2 - 1) >= vs) i2 -= 1;
  const keys = [...new Set([0, i1, i1 + 1, i2 - 1, i2, last])].filter((i) => i >= 0 && i <= last).sort((x, y) => x - y);
  let roots = 0;
  for (let k = 1; k < keys.length; k++) if (negative(keys[k]) !== negative(keys[k - 1])) roots += 1;
  return Math.ceil(roots / 2);
}

/**
 * The candidates of a gaussian_fit.NormalFitGrid on grid x: every (mu, sigma) pair (mu major), with
 * q precomputed once, so that each kl_surface is one pass.  Returns {x, mus, sigmas, q (row per
 * candidate), logZ, negEntropy, lo, hi (q > 0 on [lo, hi))}.
 */
export function normal_fit_grid(x, mus, sigmas) {
  const n = x.length, count = mus.length * sigmas.length;
  const q = new Float64Array(count * n);
  const logZ = new Float64Array(count), negEntropy = new Float64Array(count);
  const lo = new Int32Array(count), hi = new Int32Array(count);
  const muFlat = new Float64Array(count), sigmaFlat = new Float64Array(count);
  let k = 0;
  for (const mu of mus) {
    for (const sigma of sigmas) {
      const { logq, logZ: z } = log_normal_on_grid(x, mu, sigma);
      logZ[k] = z; muFlat[k] = mu; sigmaFlat[k] = sigma;
      let ne = 0, first = n, last = 0;
      for (let i = 0; i < n; i++) {
        const qi = Math.exp(logq[i]);
        q[k * n + i] = qi;
        ne += qi * logq[i];
        if (qi > 0) { if (first === n) first = i; last = i + 1; }
      }
      negEntropy[k] = ne; lo[k] = first; hi[k] = last;
      k += 1;
    }
  }
  // Each candidate's mass in blocks of BLOCK grid points, for the bound of normal_fit_reverse_minimum.
  const blocks = Math.ceil(n / BLOCK);
  const blockMass = new Float64Array(count * blocks);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < n; i++) blockMass[c * blocks + ((i / BLOCK) | 0)] += q[c * n + i];
  }
  return { x, mus, sigmas, n, count, q, logZ, negEntropy, lo, hi, muFlat, sigmaFlat, blocks, blockMass };
}

const BLOCK = 8;

/**
 * first_minimum_index(normal_fit_surface(fit, p, "reverse")), the same index, without summing every
 * candidate: the reverse fit of the mixture explorer, on each key press.
 *
 * KL(q‖p) = Σ q ln q − Σ q ln p, and Σ q ln p <= Σ_blocks (q's mass in the block) · max ln p there, so
 * each candidate has a lower bound from a few dozen products instead of a sum over the grid.  The
 * candidate with the smallest bound is summed first; then only the candidates whose bound is not above
 * the best KL so far (with a margin far wider than rounding) are summed.  Every candidate that could
 * be the minimum, or tie with it within first_minimum_index's 1e-12, is summed exactly as
 * normal_fit_surface sums it, so the index is the same.  With p = 0 somewhere (KL may be +inf) the
 * whole surface is summed.
 */
export function normal_fit_reverse_minimum(fit, p) {
  const { n, count, blocks, blockMass } = fit;
  const logp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!(p[i] > 0)) return first_minimum_index(normal_fit_surface(fit, p, "reverse"));
    logp[i] = Math.log(p[i]);
  }
  const blockMax = new Float64Array(blocks).fill(-Infinity);
  for (let i = 0; i < n; i++) { const b = (i / BLOCK) | 0; if (logp[i] > blockMax[b]) blockMax[b] = logp[i]; }
  const bound = new Float64Array(count);
  let first = 0;
  for (let c = 0; c < count; c++) {
    let u = 0;
    for (let b = 0, j = c * blocks; b < blocks; b++, j++) u += blockMass[j] * blockMax[b];
    bound[c] = fit.negEntropy[c] - u;
    if (bound[c] < bound[first]) first = c;
  }
  let best = reverseKL(fit, logp, first);
  const values = new Float64Array(count).fill(Infinity);
  values[first] = best;
  for (let c = 0; c < count; c++) {
    if (c === first) continue;
    const margin = 1e-9 * (1 + Math.abs(fit.negEntropy[c]) + Math.abs(bound[c] - fit.negEntropy[c]));
    if (bound[c] - margin > best) continue;  // cannot be the minimum, nor within 1e-12 of it
    values[c] = reverseKL(fit, logp, c);
    if (values[c] < best) best = values[c];
  }
  return first_minimum_index(values);
}

/** KL(q_c‖p) in nats of candidate c where p > 0 everywhere (logp = ln p): Σ q ln q − Σ q ln p over q's support. */
function reverseKL(fit, logp, c) {
  const { n, q } = fit;
  let s = 0;
  const base = c * n, end = base + fit.hi[c];
  for (let i = base + fit.lo[c], j = fit.lo[c]; i < end; i++, j++) s += q[i] * logp[j];
  return Math.max(fit.negEntropy[c] - s, 0);
}

/** KL in nats for every candidate (flat, mu major): "forward" KL(p‖q) or "reverse" KL(q‖p), as NormalFitGrid.kl_surface. */
export function normal_fit_surface(fit, p, direction = "forward") {
  const { n, count, x } = fit;
  const out = new Float64Array(count);
  if (direction === "forward") {
    let plogp = 0, m1 = 0, m2 = 0;
    for (let i = 0; i < n; i++) {
      if (p[i] > 0) plogp += p[i] * Math.log(p[i]);
      m1 += p[i] * x[i];
      m2 += p[i] * (x[i] * x[i]);
    }
    for (let k = 0; k < count; k++) {
      const mu = fit.muFlat[k], sigma = fit.sigmaFlat[k];
      const v = plogp + (m2 - 2 * mu * m1 + mu * mu) / (2 * sigma * sigma) + fit.logZ[k];
      out[k] = Math.max(v, 0);
    }
    return out;
  }
  if (direction !== "reverse") throw new RangeError(`direction must be 'forward' or 'reverse', got '${direction}'`);
  const logp = new Float64Array(n);
  const zero = new Uint8Array(n);
  for (let i = 0; i < n; i++) { if (p[i] > 0) logp[i] = Math.log(p[i]); else zero[i] = 1; }
  const q = fit.q;
  if (!zero.includes(1)) { // p > 0 everywhere (the usual case): one tight loop per candidate
    for (let k = 0; k < count; k++) out[k] = reverseKL(fit, logp, k);
    return out;
  }
  for (let k = 0; k < count; k++) {
    let s = 0, inf = false;
    const base = k * n;
    for (let i = fit.lo[k]; i < fit.hi[k]; i++) {
      const qi = q[base + i];
      if (zero[i] && qi > 0) { inf = true; break; }
      s += qi * logp[i];
    }
    out[k] = inf ? Infinity : Math.max(fit.negEntropy[k] - s, 0);
  }
  return out;
}

/**
 * The index of the smallest value; values within a relative 1e-12 of the minimum count as ties and go
 * to the first (smallest mu, then smallest sigma): summation-order noise never decides a symmetric fit.
 * As lossnotes.widgets.divergence._first_minimum.
 */
export function first_minimum_index(values) {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  const tol = m + 1e-12 * Math.abs(m) + 1e-15;
  for (let k = 0; k < values.length; k++) if (values[k] <= tol) return k;
  return 0;
}
