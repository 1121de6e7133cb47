// Sigmoid, and the gradients of CE/MSE/BCE with respect to logits (lossnotes.gradients, lossnotes.losses): notebooks 05 and 06.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
