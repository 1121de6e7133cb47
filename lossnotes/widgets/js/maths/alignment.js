// The KL-regularised optimum (lossnotes.alignment.kl_regularised_optimum): notebook 11.
// Exported from ../core.js; checked against Python by tests/test_js_parity_alignment.py.
//
// Same arguments, limits and arithmetic as the Python function (one problem at a time): the
// responses outside the reference's support get 0, beta = 0 is reward maximisation, beta =
// Infinity stays at the reference, and the value beta·log Z uses log1p/expm1 so that a huge beta
// keeps its precision.

/**
 * {policy, value} maximising E_π[r] − β·KL(π‖π_ref): π*(y) ∝ π_ref(y)·exp(r(y)/β), value β·log Z.
 * `ref` a probability vector, `rewards` finite numbers (same length), `beta` ≥ 0 or Infinity.
 */
export function kl_regularised_optimum(ref, rewards, beta) {
  const n = ref.length;
  if (rewards.length !== n) throw new RangeError(`ref_probs and rewards need one entry per response, got ${n} and ${rewards.length}`);
  if (!(beta >= 0)) throw new RangeError(`beta must be a number >= 0 or inf, got ${beta}`);
  let rMax = -Infinity;
  for (let i = 0; i < n; i++) if (ref[i] > 0 && rewards[i] > rMax) rMax = rewards[i];
  const scaled = new Array(n);
  const logW = new Array(n);
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    if (ref[i] > 0) {
      const d = rewards[i] - rMax;
      scaled[i] = d === 0 ? 0 : d / beta;
      logW[i] = Math.log(ref[i]) + scaled[i];
      if (logW[i] > m) m = logW[i];
    } else {
      scaled[i] = 0;
      logW[i] = -Infinity;
    }
  }
  const w = logW.map((lw) => Math.exp(lw - m));
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  if (beta === Infinity) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += ref[i] > 0 ? ref[i] * rewards[i] : 0;
    return { policy: ref.slice(), value: mean };
  }
  const policy = w.map((x) => x / total);
  let s0 = 0;
  for (let i = 0; i < n; i++) s0 += ref[i];
  let s1 = 0;
  for (let i = 0; i < n; i++) s1 += ref[i] > 0 ? ref[i] * Math.expm1(scaled[i]) : 0;
  s1 /= s0;
  const logZ = s1 > -0.5 ? Math.log1p(Math.max(s1, -0.5)) : m + Math.log(total) - Math.log(s0);
  const value = rMax + (beta === 0 ? 0 : beta * logZ);
  return { policy, value };
}

/** E_π[r] = Σ π(y)·r(y), summed in order. */
export function expected_reward(policy, rewards) {
  let s = 0;
  for (let i = 0; i < policy.length; i++) s += policy[i] * rewards[i];
  return s;
}
