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
