// For tests/test_js_parity_ngram.py: the explorers' readouts for many states sharing one copy of
// the fixed data (sending the data with each of 1,000 states would be 150 MB of JSON).
import * as compression from "../../lossnotes/widgets/js/compression.js";
import * as game from "../../lossnotes/widgets/js/guessing_game.js";

export function compressionReadouts(tables, states) {
  return states.map((s) => compression.readouts({ ...s, tables }));
}

export function gameReadouts(games, states) {
  return states.map((s) => game.readouts({ ...s, games }));
}
