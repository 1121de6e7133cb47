// Discretised normals, two-peak mixtures and the KL fits of a normal (lossnotes.gaussian_fit): notebook 04_kl_and_js_divergence.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
