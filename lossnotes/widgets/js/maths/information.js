// Information measures, softmax and log-sum-exp, and the sliders' rebalancing rule: a mirror of
// lossnotes.information and lossnotes.losses (re-exported by ../core.js).
//
// Same names, arguments and edge semantics as lossnotes.information and lossnotes.losses:
// 0·log 0 = 0, +Infinity where q_i = 0 < p_i (never hidden by an epsilon), log-sum-exp wherever
// logits appear, -Infinity logits as masks.  Units by `base`: "bits" (default), "nats",
// "hartleys" or a number.  tests/test_js_parity.py checks every function here against Python
// on thousands of random inputs (relative 1e-12).
//
// Introduced with the browser explorers (notebook 00_start_here, PQExplorer).

const UNIT_BASES = { bits: 2, bit: 2, nats: Math.E, nat: Math.E, hartleys: 10, hartley: 10 };

/** ln(base) for a unit name or a number, as lossnotes._validation.log_base. */
export function logBase(base = "bits") {
  if (typeof base === "string") {
    const b = UNIT_BASES[base.trim().toLowerCase()];
    if (b === undefined) throw new RangeError(`base must be a number > 0 and != 1, or one of 'bits', 'nats', 'hartleys'; got '${base}'`);
    return b === Math.E ? 1 : Math.log(b);
  }
  if (!(Number.isFinite(base) && base > 0 && base !== 1)) throw new RangeError(`base must be > 0 and != 1; got ${base}`);
  return Math.log(base);
}

/** 0 for -0 (a zero entropy prints as 0, not -0), as Python's x + 0.0. */
const plusZero = (x) => x + 0;

/** Σ p_i ln p_i with 0 ln 0 = 0. */
function sumPLogP(p) {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log(p[i]);
  return s;
}

/** Self-information -log_b p, elementwise (+Infinity where p = 0). */
export function self_information(p, base = "bits") {
  const lb = logBase(base);
  return p.map((x) => plusZero(-Math.log(x) / lb));
}

/** Entropy H(p) = -Σ p_i log_b p_i. */
export function entropy(p, base = "bits") {
  return plusZero(sumPLogP(p) / -logBase(base));
}

/** Cross-entropy H(p, q) = -Σ p_i log_b q_i; +Infinity where q_i = 0 < p_i. */
export function cross_entropy(p, q, base = "bits") {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * Math.log(q[i]);
  return plusZero(s / -logBase(base));
}

/** KL(p‖q) = Σ p_i (ln p_i - ln q_i) / ln b, clipped at 0 (rounding); +Infinity where q_i = 0 < p_i. */
export function kl_divergence(p, q, base = "bits") {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * (Math.log(p[i]) - Math.log(q[i]));
  return plusZero(Math.max(s, 0) / logBase(base));
}

/** JS(p, q) = ½KL(p‖m) + ½KL(q‖m), m = ½(p + q); at most 1 bit = ln 2 nats (clamped there). */
export function js_divergence(p, q, base = "bits") {
  // The p terms, then the q terms, as lossnotes.information._js_sum: the same bits.
  const logm = p.map((pi, i) => {
    const m = (pi + q[i]) * 0.5;
    return m > 0 ? Math.log(m) : 0;
  });
  let sp = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) sp += p[i] * (Math.log(p[i]) - logm[i]);
  let sq = 0;
  for (let i = 0; i < q.length; i++) if (q[i] > 0) sq += q[i] * (Math.log(q[i]) - logm[i]);
  const s = (sp + sq) * 0.5;
  return plusZero(Math.min(Math.max(s, 0), Math.LN2) / logBase(base));
}

/** √JS, the Jensen-Shannon distance (a metric), in √units. */
export function js_distance(p, q, base = "bits") {
  return Math.sqrt(js_divergence(p, q, base));
}

/** Convert a value between units, as lossnotes.information.convert_units. */
export function convert_units(value, fromBase, toBase) {
  return (value * logBase(fromBase)) / logBase(toBase);
}

/** log Σ exp(x_i), stable; -Infinity for all -Infinity (masked) entries; +Infinity if any is. */
export function logsumexp(x) {
  let m = -Infinity;
  for (const v of x) if (v > m) m = v;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of x) s += Math.exp(v - m);
  return m + Math.log(s);
}

function checkLogits(x) {
  if (x.some((v) => Number.isNaN(v) || v === Infinity)) throw new RangeError("x holds NaN or +inf: softmax is undefined there");
  const m = Math.max(...x);
  if (m === -Infinity) throw new RangeError("x has every entry -inf: every class is masked, so its softmax is 0/0");
  return m;
}

/** log softmax(x) = (x - m) - log Σ exp(x - m), m = max x; -Infinity stays -Infinity (a masked class). */
export function log_softmax(x) {
  const shifted = x.map((v) => v - checkLogits(x));
  let s = 0;
  for (const v of shifted) s += Math.exp(v);
  const ls = Math.log(s);
  return shifted.map((v) => v - ls);
}

/** softmax(x) = exp(x - m) / Σ exp(x - m), exactly 0 for -Infinity (masked) logits. */
export function softmax(x) {
  const m = checkLogits(x);
  const e = x.map((v) => Math.exp(v - m));
  let s = 0;
  for (const v of e) s += v;
  return e.map((v) => v / s);
}

/**
 * Set value[index] = newValue and take the difference from the other entries, last first, each
 * clamped to [0, 1]; round to 12 decimals.  The mirror of lossnotes.widgets.editor.rebalance,
 * the rule of the probability sliders.
 */
export function rebalance(value, index, newValue) {
  const v = value.slice();
  const target = Math.min(Math.max(newValue, 0), 1);
  let delta = target - v[index];
  v[index] = target;
  for (let j = v.length - 1; j >= 0; j--) {
    if (j === index || delta === 0) continue;
    const take = delta > 0 ? Math.min(delta, v[j]) : Math.max(delta, v[j] - 1);
    v[j] -= take;
    delta -= take;
  }
  return v.map(round12);
}

/** Round half to even at 12 decimals, as numpy.round(x, 12). */
export function round12(x) {
  // numpy: y = x * 1e12; rint(y) / 1e12 (rint rounds half to even).
  const y = x * 1e12;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds half up: make it even
  return r / 1e12 + 0;
}

/**
 * Entropy of a Bernoulli(p) coin, -p log_b p - (1 - p) log_b(1 - p), with H(0) = H(1) = 0: a mirror of
 * lossnotes.information.binary_entropy (the (1 - p) term through log1p(-p), as there).  A scalar p.
 */
export function binary_entropy(p, base = "bits") {
  const lb = logBase(base);
  let t = p > 0 ? Math.log(p) : 0;
  t *= p;
  let u = p < 1 ? Math.log1p(-p) : 0;
  u *= 1 - p;
  t += u;
  return plusZero(t / -lb);
}

/** np.sum of a 1-D array: NumPy's pairwise summation (as lossnotes.losses._pairwise_sum_rows). */
export function pairwise_sum(a, lo = 0, n = a.length - lo) {
  if (n < 8) {
    let res = 0.0;
    for (let j = lo; j < lo + n; j++) res += a[j];
    return res;
  }
  if (n <= 128) {
    const r = a.slice(lo, lo + 8);
    const end = lo + n - (n % 8);
    for (let i = lo + 8; i < end; i += 8) for (let j = 0; j < 8; j++) r[j] += a[i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (let j = end; j < lo + n; j++) res += a[j];
    return res;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise_sum(a, lo, half) + pairwise_sum(a, lo + half, n - half);
}
