// Joint-table quantities: marginals, conditional and mutual information (lossnotes.information): notebook 04_kl_and_js_divergence.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
