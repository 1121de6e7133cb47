// Focal loss and contrastive (InfoNCE) quantities (lossnotes.losses): notebook 09_other_losses.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
