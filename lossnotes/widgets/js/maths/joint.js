// Joint-table quantities: marginals, conditional and mutual information (lossnotes.information): notebook
// 04_kl_and_js_divergence.  X indexes the rows, Y the columns (the last axis), as in Python.
// Exported from ../core.js; checked against Python by tests/test_js_parity_divergence.py.

/** Row sums p(x) of a joint table (array of rows). */
export function joint_marginal_x(pxy) {
  return pxy.map((row) => row.reduce((a, b) => a + b, 0));
}

/** Column sums p(y) of a joint table. */
export function joint_marginal_y(pxy) {
  return pxy[0].map((_, j) => pxy.reduce((a, row) => a + row[j], 0));
}

function lnBase(base) {
  const named = { bits: Math.LN2, bit: Math.LN2, nats: 1, nat: 1, hartleys: Math.LN10, hartley: Math.LN10 };
  if (typeof base === "string") {
    const b = named[base.trim().toLowerCase()];
    if (b === undefined) throw new RangeError(`base must be a number > 0 and != 1, or one of 'bits', 'nats', 'hartleys'; got '${base}'`);
    return b;
  }
  if (!(Number.isFinite(base) && base > 0 && base !== 1)) throw new RangeError(`base must be > 0 and != 1; got ${base}`);
  return Math.log(base);
}

/** H(X, Y) = -Σ p(x, y) log p(x, y), 0 log 0 = 0, as lossnotes.information.joint_entropy. */
export function joint_entropy(pxy, base = 2) {
  let s = 0;
  for (const row of pxy) for (const v of row) if (v > 0) s += v * Math.log(v);
  return s / -lnBase(base) + 0;
}

/** H(Y | X) = Σ p(x, y) (ln p(x) - ln p(x, y)) / ln b, term by term (never negative). */
export function conditional_entropy(pxy, base = 2) {
  const px = joint_marginal_x(pxy);
  let s = 0;
  pxy.forEach((row, i) => row.forEach((v, j) => {
    if (v > 0) s += v * (Math.log(px[i]) - Math.log(v));
  }));
  return s / lnBase(base) + 0;
}

/** I(X; Y) = Σ p(x, y) (ln p(x, y) - ln p(x) - ln p(y)) / ln b, clipped at 0, as lossnotes.information.mutual_information. */
export function mutual_information(pxy, base = 2) {
  const px = joint_marginal_x(pxy);
  const py = joint_marginal_y(pxy);
  let s = 0;
  pxy.forEach((row, i) => row.forEach((v, j) => {
    if (v > 0) s += v * (Math.log(v) - Math.log(px[i]) - Math.log(py[j]));
  }));
  return Math.max(s, 0) / lnBase(base) + 0;
}
