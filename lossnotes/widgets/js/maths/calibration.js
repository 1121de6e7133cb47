// Scoring rules and calibration (lossnotes.calibration): notebook 12.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
