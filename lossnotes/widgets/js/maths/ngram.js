// n-gram model scoring and Shannon's guessing bounds (lossnotes.compression): notebook 10_cross_entropy_is_compression.
// Exported from ../core.js; checked against Python by tests/test_js_parity_ngram.py.
//
// A "row" is the training counts after one context at one order, sparse: [[symbol, ...], [count, ...]]
// (symbols are indices into the model's alphabet, the escape is index V); null for a context never seen.
// `rows` lists a position's rows from order 0 up, as CharNGram's levels.

/** numpy's logaddexp: ln(e^x + e^y) without overflow (x = -Infinity gives y). */
export function ngram_logaddexp(x, y) {
  if (x === y) return x + Math.LN2;
  const tmp = x - y;
  if (tmp > 0) return x + Math.log1p(Math.exp(-tmp));
  if (tmp <= 0) return y + Math.log1p(Math.exp(tmp));
  return tmp; // NaN
}

function rowTotals(row) {
  let N = 0;
  for (const c of row[1]) N += c;
  return N;
}

/**
 * ln p(y) of the model as defined, level by level (CharNGram._bounds with _level_lnp):
 * ln p_k(y) = logaddexp(ln(max(n(y) − D, 0) / N), ln(D u / N) + ln p_{k−1}(y)), from ln p_{−1} = −ln A.
 * `A` = V + 1 symbols; a level whose context was never seen (null, or N = 0) is skipped.
 */
export function ngram_lnp(rows, y, A, D) {
  let lnp = -Math.log(A);
  for (const row of rows) {
    if (!row) continue;
    const N = rowTotals(row);
    if (!(N > 0)) continue;
    const u = row[0].length;
    const at = row[0].indexOf(y);
    const n = at < 0 ? 0 : row[1][at];
    const b = (D * u) / N;
    const lnA = Math.log(Math.max(n - D, 0) / N);
    lnp = ngram_logaddexp(lnA, Math.log(b) + lnp);
  }
  return lnp;
}

/** Bits of symbol y (−ln p / ln 2): CharNGram.code_lengths for a character of the alphabet. */
export function ngram_bits(rows, y, A, D) {
  return -ngram_lnp(rows, y, A, D) / Math.LN2;
}

/**
 * Probabilities of all A symbols (CharNGram._probability_row): p = 1/A, then at each level with
 * N > 0, p = (max(n − D, 0) + (D u) p) / N.
 */
export function ngram_probability_row(rows, A, D) {
  let p = new Float64Array(A).fill(1.0 / A);
  const counts = new Float64Array(A);
  for (const row of rows) {
    if (!row) continue;
    const N = rowTotals(row);
    if (!(N > 0)) continue;
    counts.fill(0);
    row[0].forEach((s, i) => { counts[s] = row[1][i]; });
    const Du = D * row[0].length;
    const next = new Float64Array(A);
    for (let s = 0; s < A; s++) next[s] = (Math.max(counts[s] - D, 0) + Du * p[s]) / N;
    p = next;
  }
  return p;
}

/**
 * The model's guess number for symbol y (CharNGram.guess_ranks): 1 + the characters of the alphabet
 * (the first V symbols) more probable than y, or as probable and earlier; V + 1 for the escape.
 */
export function ngram_guess_rank(p, y, V) {
  if (y >= V) return V + 1;
  const py = p[y];
  let rank = 1;
  for (let s = 0; s < V; s++) if (p[s] > py || (p[s] === py && s < y)) rank++;
  return rank;
}

/** The model's guess numbers for a list of positions' rows and symbols. */
export function ngram_guess_ranks(rowsList, ys, A, D) {
  return ys.map((y, i) => ngram_guess_rank(ngram_probability_row(rowsList[i], A, D), y, A - 1));
}

/**
 * Shannon's (1951) bounds from guess counts (lossnotes.compression.shannon_guess_bounds), in bits:
 * [Σ i (q_i − q_{i+1}) log2 i, Σ q_i log2(1/q_i)], q_i the share of characters that needed i guesses.
 */
export function shannon_guess_bounds(guesses) {
  const n = guesses.length;
  if (!n) throw new Error("guesses must be non-empty");
  let m = 0;
  for (const g of guesses) {
    if (!(g >= 1) || g !== Math.floor(g)) throw new Error(`guesses must be whole numbers >= 1, got ${g}`);
    if (g > m) m = g;
  }
  const counts = new Float64Array(m + 1);
  for (const g of guesses) counts[g] += 1;
  const q = new Float64Array(m);
  for (let i = 1; i <= m; i++) q[i - 1] = counts[i] / n;
  let up = 0, lo = 0;
  for (let i = 1; i <= m; i++) {
    const qi = q[i - 1];
    if (qi > 0) up += qi * Math.log(qi);
    const qn = i < m ? q[i] : 0;
    lo += i * (qi - qn) * Math.log(i);
  }
  return [lo / Math.LN2, -up / Math.LN2 + 0];
}
