// Scoring rules (lossnotes.calibration): notebook 12_scoring_rules_and_calibration.
// Exported from ../core.js; checked against Python by tests/test_js_parity_calibration.py.
//
// Same names and semantics as Python: every rule is a reward (higher is better); the log score is
// in nats and -Infinity where q_y = 0; in an expected score a term with p_y = 0 adds 0 (also
// against log 0).

/** The rules, as lossnotes.calibration.SCORING_RULES. */
export const SCORING_RULES = ["log", "brier", "spherical", "absolute", "hinge"];

/** S(q, y) for every outcome y of one report q (an array), as calibration._score_table. */
export function score_table(q, rule) {
  const n = q.length;
  let sumsq = 0;
  for (let i = 0; i < n; i++) sumsq += q[i] * q[i];
  const out = new Array(n);
  for (let y = 0; y < n; y++) {
    if (rule === "log") out[y] = Math.log(q[y]);
    else if (rule === "brier") out[y] = -(sumsq - 2 * q[y] + 1);
    else if (rule === "spherical") out[y] = q[y] / Math.sqrt(sumsq);
    else if (rule === "absolute") out[y] = -2 * (1 - q[y]);
    else if (rule === "hinge") {
      let other = -Infinity;
      for (let c = 0; c < n; c++) if (c !== y && q[c] > other) other = q[c];
      out[y] = -(1 - q[y] + other);
    } else throw new Error(`rule must be one of ${SCORING_RULES.join(", ")}; got ${rule}`);
  }
  return out;
}

/** The score S(q, y) a report q earns when outcome y happens: calibration.scoring_rule. */
export function scoring_rule(q, y, rule = "log") {
  return score_table(q, rule)[y];
}

/** The expected score Σ_y p_y S(q, y) of reporting q when y ~ p: calibration.expected_score. */
export function expected_score(p, q, rule = "log") {
  const table = score_table(q, rule);
  let s = 0;
  for (let y = 0; y < p.length; y++) if (p[y] !== 0) s += p[y] * table[y];
  return s;
}

// --------------------------------------------------------------------------- calibration (top-label)

/** The bin of a confidence among n_bins equal-width bins (lo, hi], 0 in the first: calibration._bin_index. */
export function calibration_bin(value, n_bins) {
  let i = 0;
  while (i < n_bins - 1 && (i + 1) * (1 / n_bins) < value) i++;
  return i;
}

function argmaxFirst(row) {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

function binnedSums(probs, labels, n_bins) {
  const count = new Array(n_bins).fill(0), sConf = new Array(n_bins).fill(0), sHit = new Array(n_bins).fill(0);
  probs.forEach((row, i) => {
    const pred = argmaxFirst(row);
    const conf = row[pred];
    const b = calibration_bin(conf, n_bins);
    count[b] += 1;
    sConf[b] += conf;
    sHit[b] += pred === labels[i] ? 1 : 0;
  });
  return { count, sConf, sHit };
}

/**
 * Per-bin mean confidence, accuracy (NaN where a bin is empty) and count of top-label predictions:
 * calibration.reliability_curve(probs, labels, n_bins) for probs of shape (N, C).
 */
export function reliability_curve(probs, labels, n_bins = 15) {
  const { count, sConf, sHit } = binnedSums(probs, labels, n_bins);
  const edges = Array.from({ length: n_bins + 1 }, (_, i) => (i === n_bins ? 1 : i * (1 / n_bins)));
  return {
    edges,
    confidence: count.map((c, b) => (c > 0 ? sConf[b] / c : NaN)),
    accuracy: count.map((c, b) => (c > 0 ? sHit[b] / c : NaN)),
    count,
  };
}

/**
 * Top-label expected calibration error of probs (N, C) with integer labels: equal-width bins,
 * Σ_m |B_m|/N · |acc − conf| ('l1'), the largest gap ('max', the MCE) or the root of the
 * bin-weighted mean squared gap ('l2'): calibration.expected_calibration_error.
 */
export function expected_calibration_error(probs, labels, n_bins = 15, norm = "l1") {
  const { count, sConf, sHit } = binnedSums(probs, labels, n_bins);
  const n = probs.length;
  const gapSum = count.map((_, b) => Math.abs(sHit[b] - sConf[b]));
  if (norm === "l1") return gapSum.reduce((a, g) => a + g, 0) / n;
  if (norm === "l2") return Math.sqrt(gapSum.reduce((a, g, b) => a + (count[b] > 0 ? (g * g) / count[b] : 0), 0) / n);
  if (norm === "max") return Math.max(...gapSum.map((g, b) => (count[b] > 0 ? g / count[b] : 0)));
  throw new Error(`norm must be one of 'l1', 'l2', 'max'; got ${norm}`);
}

/** Mean NLL (nats) of softmax(logits / T) for integer labels: losses.cross_entropy(logits / T, labels). */
export function temperature_scaled_nll(logits, labels, T) {
  let s = 0;
  logits.forEach((row, i) => {
    const z = row.map((v) => v / T);
    let m = -Infinity;
    for (const v of z) if (v > m) m = v;
    let e = 0;
    for (const v of z) e += Math.exp(v - m);
    s += -((z[labels[i]] - m) - Math.log(e));
  });
  return s / logits.length;
}
