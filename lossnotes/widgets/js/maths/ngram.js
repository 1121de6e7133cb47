// n-gram model scoring and Shannon's guessing bounds (lossnotes.compression): notebook 10_cross_entropy_is_compression.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
