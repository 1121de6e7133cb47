// The maths the explorers compute in the browser: one module, a mirror of lossnotes' Python functions.
//
// Same names, arguments and edge semantics as lossnotes (0·log 0 = 0, +Infinity where q = 0 < p,
// log-sum-exp wherever logits appear, -Infinity logits as masks).  The functions live in maths/,
// one file per topic, and are all exported from here; tests/test_js_parity*.py check each against
// Python on at least 1,000 random inputs (relative 1e-12).  Exported names must be unique across
// the topic files (an `export *` name clash is an error at import).
//
// Introduced with the browser explorers (notebook 00_start_here, PQExplorer).
export * from "./maths/information.js";
export * from "./maths/coding.js";
export * from "./maths/gaussian.js";
export * from "./maths/joint.js";
export * from "./maths/gradients.js";
export * from "./maths/regression.js";
export * from "./maths/distill.js";
export * from "./maths/practice.js";
export * from "./maths/ngram.js";
export * from "./maths/alignment.js";
export * from "./maths/calibration.js";
