// Temperature softmax and distillation quantities: a mirror of lossnotes.gradients.distillation,
// lossnotes.gradients.distillation_high_temperature_limit and lossnotes.losses.distillation_loss,
// for one sample (logit vectors of shape (C,)).  Notebook 08_knowledge_distillation.
//
// Same names, arguments and operations as Python: softmax(x / T) by the max shift (log-sum-exp);
// softmax_temperature keeps -Infinity logits as masked classes (probability exactly 0), while the
// distillation functions refuse non-finite logits, as lossnotes does; the soft term is T²·KL(p‖q)
// in nats.  Exported from ../core.js; tests/test_js_parity_distill.py checks every function here
// against Python on at least 1,000 random inputs (relative 1e-12).
import { log_softmax, softmax } from "./information.js";

function checkTemperature(T) {
  if (!(typeof T === "number" && Number.isFinite(T) && T > 0)) {
    throw new RangeError(`temperature must be a finite number > 0, got ${T}`);
  }
  return T;
}

function checkFinite(x, name) {
  const bad = x.findIndex((xi) => !Number.isFinite(xi));
  if (bad >= 0) {
    throw new RangeError(`${name} contains ${Number.isNaN(x[bad]) ? "NaN" : "inf"} (first at index ${bad})`);
  }
}

/** Logits of the same length, finite (as lossnotes.gradients: no masks in distillation). */
function checkPair(z, v) {
  checkFinite(z, "student_logits");
  checkFinite(v, "teacher_logits");
  if (z.length !== v.length) {
    throw new RangeError(`student_logits and teacher_logits must have the same shape, got (${z.length},) and (${v.length},)`);
  }
}

/** softmax(x / T): the distribution softened by the temperature T (log-sum-exp; -Infinity masks stay 0). */
export function softmax_temperature(x, T) {
  checkTemperature(T);
  return softmax(x.map((xi) => xi / T));
}

/**
 * Gradient of the soft-target cross-entropy (or KL) w.r.t. the student logits, (q - p)/T, with
 * q = softmax(z/T), p = softmax(v/T): lossnotes.gradients.distillation (no T² factor).  A pure
 * number: a loss in nats differentiated by a logit in nats.
 */
export function distillation(student_logits, teacher_logits, temperature) {
  checkPair(student_logits, teacher_logits);
  const T = checkTemperature(temperature);
  const q = softmax(student_logits.map((x) => x / T));
  const p = softmax(teacher_logits.map((x) => x / T));
  return q.map((qi, i) => (qi - p[i]) / T);
}

/** Hinton's high-temperature limit (zc - vc)/(C T²) with zero-meaned logits: lossnotes.gradients. */
export function distillation_high_temperature_limit(student_logits, teacher_logits, temperature) {
  checkPair(student_logits, teacher_logits);
  const T = checkTemperature(temperature);
  const C = student_logits.length;
  const mean = (x) => x.reduce((a, b) => a + b, 0) / C;
  const mz = mean(student_logits);
  const mv = mean(teacher_logits);
  return student_logits.map((z, i) => ((z - mz) - (teacher_logits[i] - mv)) / (C * T * T));
}

/**
 * The distillation loss of one sample, in nats: alpha·T²·KL(p‖q) + (1 - alpha)·CE(z, y), or just
 * T²·KL(p‖q) when `target` is null (lossnotes.losses.distillation_loss of a (C,) pair; alpha
 * weights the soft term).  `target` is a class index or a probability vector.
 */
export function distillation_loss(student_logits, teacher_logits, target = null, temperature = 1.0, alpha = 0.5) {
  checkPair(student_logits, teacher_logits);
  const T = checkTemperature(temperature);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  const logQ = log_softmax(student_logits.map((x) => x / T));
  const logP = log_softmax(teacher_logits.map((x) => x / T));
  let kl = 0;
  for (let i = 0; i < logP.length; i++) kl += Math.exp(logP[i]) * (logP[i] - logQ[i]);
  let per = (T * T) * kl;
  if (target !== null && target !== undefined) {
    const logp1 = log_softmax(student_logits);
    let hard;
    if (typeof target === "number") {
      if (!(Number.isInteger(target) && target >= 0 && target < logp1.length)) {
        throw new RangeError(`target must be a class index in [0, ${logp1.length - 1}], got ${target}`);
      }
      hard = -logp1[target];
    } else {
      let s = 0;
      for (let i = 0; i < logp1.length; i++) s += target[i] * logp1[i];
      hard = -s;
    }
    per = alpha * per + (1 - alpha) * hard;
  }
  return per + 0;
}

/** The Euclidean norm √Σx², as numpy.linalg.norm of a vector. */
export function distill_norm(x) {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s);
}
