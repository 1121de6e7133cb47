// Prefix codes and code lengths (lossnotes.coding): notebook 03_cross_entropy.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
