// Prefix codes and code lengths (lossnotes.coding): notebook 03_cross_entropy.
// Exported from ../core.js; checked against Python by tests/test_js_parity_divergence.py.

/** A probability rounded to 12 decimals as Python's round(x, 12) (correctly rounded, then the nearest double). */
function roundHuffman(x) {
  return Number(x.toFixed(12)) + 0;
}

/**
 * The binary Huffman code of q, as lossnotes.coding.huffman_code: {labels, codewords, lengths}.
 *
 * Tie rule (the same as Python's): the two nodes of smallest probability rounded to 12 decimals are
 * merged, ties going to the smaller creation number (leaves 0..n-1 in order, merged nodes n, n+1, …);
 * the first node taken gets bit 0.  A single symbol gets the empty codeword.
 */
export function huffman_code(q, labels = null) {
  const n = q.length;
  const names = labels ? labels.map(String) : q.map((_, i) => `x${i + 1}`);
  if (n === 1) return { labels: names, codewords: [""], lengths: [0] };
  let nodes = q.map((w, i) => ({ key: roundHuffman(w), id: i, w, leaves: [i] }));
  const bits = q.map(() => []);
  let created = n;
  const before = (a, b) => a.key < b.key || (a.key === b.key && a.id < b.id);
  while (nodes.length > 1) {
    let i0 = 0;
    for (let i = 1; i < nodes.length; i++) if (before(nodes[i], nodes[i0])) i0 = i;
    const first = nodes[i0];
    nodes = nodes.filter((_, i) => i !== i0);
    let i1 = 0;
    for (let i = 1; i < nodes.length; i++) if (before(nodes[i], nodes[i1])) i1 = i;
    const second = nodes[i1];
    nodes = nodes.filter((_, i) => i !== i1);
    for (const i of first.leaves) bits[i].push("0");
    for (const i of second.leaves) bits[i].push("1");
    const w = first.w + second.w;
    nodes.push({ key: roundHuffman(w), id: created, w, leaves: first.leaves.concat(second.leaves) });
    created += 1;
  }
  const codewords = bits.map((b) => b.slice().reverse().join(""));
  return { labels: names, codewords, lengths: codewords.map((c) => c.length) };
}

/** Expected codeword length Σ p(x) ℓ(x) in bits (terms with p(x) = 0 are 0), as lossnotes.coding.expected_length. */
export function expected_length(p, lengths) {
  const ell = Array.isArray(lengths) ? lengths : lengths.lengths;
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s += p[i] * ell[i];
  return s + 0;
}
