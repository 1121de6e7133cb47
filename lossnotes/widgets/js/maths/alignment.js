// The KL-regularised optimum, KL estimators and DPO (lossnotes.alignment, lossnotes.losses.dpo_loss): notebook 11.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
