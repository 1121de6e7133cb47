// Temperature softmax and distillation quantities (lossnotes.distill): notebook 08_knowledge_distillation.
// Exported from ../core.js; checked against Python by the parity tests.

export {};
