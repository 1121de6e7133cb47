// Regression losses and robust fits (lossnotes.losses, lossnotes.fitting): notebook 07_regression_losses.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
