// GuessingGameExplorer in the browser: Shannon's guessing game on held-out text, beside an n-gram
// model playing the same game (the Python class: lossnotes.widgets.compression.GuessingGameExplorer).
//
// The reader types guesses for the next character until right; the guess counts give Shannon's
// (1951) bounds on bits per character.  The model runs here, from the training count rows of the
// passage's contexts (the `games` data): its bits per character and its own guess numbers.
//
// Introduced in notebook 10_cross_entropy_is_compression.
import { ngram_bits, ngram_guess_rank, ngram_probability_row, shannon_guess_bounds } from "./core.js";
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, choiceButtons, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, saveSoon, setState, titled, translator,
} from "./ui.js";

export const NAME = "GuessingGameExplorer";
export const QUANTITIES = ["characters", "your lower bound", "your upper bound", "model bits/char", "model lower bound",
  "model upper bound"];
const STATE_KEYS = ["language", "passage", "order", "guesses"];

/** A passage's context rows at orders 0..order for position i (null where the context was never seen). */
function positionRows(game, passage, i, order) {
  return game.passages[passage].rows[i].slice(0, order + 1).map((id) => (id < 0 ? null : game.rows[id]));
}

/** The model's bits and guess numbers for the first n characters of a passage. */
export function modelGuesses(game, passage, order, n) {
  const A = Array.from(game.alphabet).length + 1;
  const ys = game.passages[passage].y;
  const bits = [], ranks = [];
  for (let i = 0; i < n; i++) {
    const rows = positionRows(game, passage, i, order);
    bits.push(ngram_bits(rows, ys[i], A, game.discount));
    ranks.push(ngram_guess_rank(ngram_probability_row(rows, A, game.discount), ys[i], A - 1));
  }
  return { bits, ranks };
}

/**
 * The numbers the explorer shows for a state {language, passage, order, guesses} with the fixed
 * data {games}: GuessingGameExplorer.readouts in Python.  All 0 before the first character.
 */
export function readouts(state) {  // state.games: the parsed data (or its JSON string)
  const n = state.guesses.length;
  if (!n) return Object.fromEntries(QUANTITIES.map((k) => [k, 0.0]));
  const games = typeof state.games === "string" ? JSON.parse(state.games) : state.games;
  const game = games[state.language];
  const { bits, ranks } = modelGuesses(game, state.passage, state.order, n);
  const [lo, hi] = shannon_guess_bounds(state.guesses);
  const [mlo, mhi] = shannon_guess_bounds(ranks);
  let sum = 0;
  for (const b of bits) sum += b;
  return {
    "characters": n,
    "your lower bound": lo,
    "your upper bound": hi,
    "model bits/char": sum / n,
    "model lower bound": mlo,
    "model upper bound": mhi,
  };
}

const CSS = `
.lossnotes-explorer .ln-game-text { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace;
  white-space: pre-wrap; word-break: break-all; margin: 0.4em 0; line-height: 1.6; }
.lossnotes-explorer .ln-game-done { font-weight: 700; text-decoration: underline; }
.lossnotes-explorer .ln-game-cells { display: flex; flex-wrap: wrap; gap: 2px; margin: 0.3em 0; }
.lossnotes-explorer .ln-game-cell { display: inline-flex; flex-direction: column; align-items: center; min-width: 2.2em;
  border: 1px solid color-mix(in srgb, currentColor 35%, transparent); border-radius: 3px; padding: 0 2px;
  font-variant-numeric: tabular-nums; font-size: 0.85em; }
.lossnotes-explorer .ln-game-cell b { font-size: 1.15em; }
.lossnotes-explorer .ln-game-row { display: flex; flex-wrap: wrap; gap: 0.4em 0.8em; align-items: center; }
.lossnotes-explorer .ln-game-row input[type=text] { width: 4em; font-size: 1.2em; text-align: center; }
.lossnotes-explorer button { font: inherit; color: inherit; background: transparent; border-radius: 3px;
  border: 1px solid color-mix(in srgb, currentColor 55%, transparent); padding: 0.15em 0.6em; cursor: pointer; }
`;

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  if (!el.ownerDocument.getElementById("ln-game-css")) {
    el.ownerDocument.head.append(h("style", { id: "ln-game-css", text: CSS }));
  }
  const t = translator(model);
  const games = JSON.parse(model.get("games"));   // one JSON string (see the Python class)
  const languageLabels = model.get("language_labels") || {};
  const state = () => Object.fromEntries(STATE_KEYS.map((k) => [k, model.get(k)]));
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: Shannon's guessing game"));
  const save = (pairs) => { for (const [k, v] of Object.entries(pairs)) model.set(k, v); saveSoon(model); };
  let wrong = new Set();

  const passage = numberSlider({ symbol: t("passage"), unit: N_("number"), min: 1, max: games[model.get("language")].passages.length, step: 1,
    value: model.get("passage") + 1, t, onChange: (v) => { wrong = new Set(); save({ guesses: [], passage: Math.round(v) - 1 }); } });
  const order = numberSlider({ symbol: t("k (order)"), unit: N_("characters of context"), min: 0, max: 6, step: 1,
    value: model.get("order"), t, onChange: (v) => save({ order: Math.round(v) }) });
  const language = choiceButtons({ legend: t("text"), value: model.get("language"),
    options: Object.keys(games).map((k) => ({ value: k, label: languageLabels[k] || k })),
    onChange: (v) => { wrong = new Set(); save({ guesses: [], passage: 0, language: v }); } });

  // The text so far: the passage's lead-in, the characters already guessed, a cursor.
  const before = h("span", {});
  const done = h("span", { class: "ln-game-done" });
  const textView = h("p", { class: "ln-game-text" }, before, done, h("span", { "aria-hidden": "true", text: "▌" }));
  const inputId = `ln-guess-${Math.random().toString(36).slice(2, 8)}`;
  const input = h("input", { type: "text", id: inputId, autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const reveal = h("button", { type: "button", text: t("Reveal") });
  const restart = h("button", { type: "button", text: t("Start again") });
  const status = h("p", { role: "status", "aria-live": "polite" });
  const guessRow = h("div", { class: "ln-game-row" }, h("label", { for: inputId, text: t("Your guess for the next character") }),
    input, reveal, restart);

  // One cell per character guessed: the character, your guesses, the model's guess number.
  const maxLen = Math.max(...Object.values(games).flatMap((g) => g.passages.map((p) => Array.from(p.text).length)));
  const cells = [];
  const cellRow = h("div", { class: "ln-game-cells", "aria-hidden": "true" });
  for (let i = 0; i < maxLen; i++) {
    const ch = h("b", {}), you = h("span", {}), mod = h("span", {});
    const cell = h("span", { class: "ln-game-cell" }, ch, you, mod);
    cell.style.display = "none";
    cellRow.append(cell);
    cells.push({ cell, ch, you, mod });
  }
  const legendText = h("p", { class: "ln-caption" });

  // The chart: your bounds and the model's as intervals, the model's bits/char as a tick.
  const W = 420, H = 150, left = 70, right = 16, top = 12, bottom = 34;
  const chart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const rowNames = [t("you"), t("model")];
  const rowColors = [COLORS.q, COLORS.p];
  const rowH = (H - top - bottom) / 2;
  const axisGroup = svg("g", {}, chart);
  const intervals = rowNames.map((name, i) => {
    const yy = top + i * rowH + rowH * 0.25;
    setText(svg("text", { x: left - 6, y: yy + rowH * 0.3, "text-anchor": "end" }, chart), name);
    return svg("rect", { y: yy, height: rowH * 0.5, fill: rowColors[i], stroke: "#000", "stroke-width": 0.8,
      "stroke-dasharray": i ? "4 2" : "" }, chart);
  });
  const bitsMark = svg("line", { stroke: "currentColor", "stroke-width": 2.5, "stroke-dasharray": "2 2",
    y1: top + rowH, y2: top + 2 * rowH }, chart);
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, chart);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, chart);
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, chart),
    t("bits per character"));
  let x = null, shownLanguage = null;
  function axes(lang) {
    const xmax = lang === "zh" ? 12 : 5;
    x = scale(0, xmax, left, W - right);
    axisGroup.replaceChildren();
    for (const tk of ticks(xmax)) {
      svg("line", { x1: x(tk), x2: x(tk), y1: H - bottom, y2: H - bottom + 4, class: "ln-axis" }, axisGroup);
      setText(svg("text", { x: x(tk), y: H - bottom + 15, "text-anchor": "middle" }, axisGroup), String(tk));
    }
    shownLanguage = lang;
  }

  const panel = readoutPanel(QUANTITIES);
  chart.style.maxWidth = "520px";
  root.append(...[titleEl, language.element,
    h("div", { class: "ln-controls" }, h("div", { style: "flex: 1 1 16em" }, passage.element, order.element)),
    textView, guessRow, status, cellRow, legendText, chart, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  const cache = new Map();
  function modelFor(s) {
    const key = `${s.language}|${s.passage}|${s.order}`;
    if (!cache.has(key)) {
      const game = games[s.language];
      cache.set(key, modelGuesses(game, s.passage, s.order, Array.from(game.passages[s.passage].text).length));
    }
    return cache.get(key);
  }
  const chars = (s) => Array.from(games[s.language].passages[s.passage].text);

  function update() {
    const s = state();
    if (s.language !== shownLanguage) axes(s.language);
    const text = chars(s);
    const n = Math.min(s.guesses.length, text.length);
    const m = modelFor(s);
    setText(before, games[s.language].passages[s.passage].before);
    setText(done, text.slice(0, n).join(""));
    cells.forEach((c, i) => {
      const show = i < n;
      c.cell.style.display = show ? "" : "none";
      if (show) {
        setText(c.ch, text[i] === " " ? "␣" : text[i]);
        setText(c.you, String(s.guesses[i]));
        setText(c.mod, String(m.ranks[i]));
      }
    });
    setText(legendText, t("Under each character: your guesses, then the model's guess number. Below: each bar runs from the lower to the upper bound; the dotted line is the model's bits per character."));
    input.disabled = n >= text.length;
    reveal.disabled = n >= text.length;
    const v = readouts({ ...s, games });
    const bpc = t("bits/char");
    const texts = {};
    for (const k of QUANTITIES) {
      texts[k] = k === "characters" ? `${n} / ${text.length}` : (n ? `${formatValue(v[k], 3)} ${bpc}` : "—");
    }
    panel.set(v, texts);
    const xmax = x.domain[1];
    [[v["your lower bound"], v["your upper bound"]], [v["model lower bound"], v["model upper bound"]]].forEach(([lo, hi], i) => {
      // On a few characters the "lower" bound can exceed the upper one: draw from the smaller.
      const a = x(Math.min(lo, hi, xmax)), b = x(Math.min(Math.max(lo, hi), xmax));
      intervals[i].setAttribute("x", a);
      intervals[i].setAttribute("width", Math.max(n ? 2 : 0, b - a));
    });
    const bx = x(Math.min(v["model bits/char"], xmax));
    bitsMark.setAttribute("x1", bx); bitsMark.setAttribute("x2", bx);
    bitsMark.style.display = n ? "" : "none";
    chart.setAttribute("aria-label", n
      ? t("Chart of bounds after {n} characters: you {lo} to {hi} bits/char; model {mlo} to {mhi}, its bits/char {bits}.",
        { n, lo: formatValue(v["your lower bound"], 3), hi: formatValue(v["your upper bound"], 3),
          mlo: formatValue(v["model lower bound"], 3), mhi: formatValue(v["model upper bound"], 3),
          bits: formatValue(v["model bits/char"], 3) })
      : t("Chart of bounds: no character guessed yet."));
    setState(root, s);
  }

  function guess(value) {
    const s = state();
    const text = chars(s);
    const n = s.guesses.length;
    const g = Array.from(value)[0];
    if (g === undefined || n >= text.length) return;
    if (g === text[n]) {
      const count = wrong.size + 1;
      wrong = new Set();
      save({ guesses: [...s.guesses, count] });
      setText(status, n + 1 >= text.length
        ? t("Right: “{c}” after {k} guesses. Passage done.", { c: g, k: count })
        : t("Right: “{c}” after {k} guesses.", { c: g, k: count }));
    } else {
      wrong.add(g);
      setText(status, t("Not “{c}” ({k} wrong so far).", { c: g, k: wrong.size }));
    }
  }
  let composing = false;
  input.addEventListener("compositionstart", () => { composing = true; });
  input.addEventListener("compositionend", () => { composing = false; const v = input.value; input.value = ""; guess(v); });
  input.addEventListener("input", (ev) => {
    if (composing || ev.isComposing) return;
    const v = input.value;
    input.value = "";
    guess(v);
  });
  reveal.addEventListener("click", () => {
    const s = state();
    const text = chars(s);
    const n = s.guesses.length;
    if (n >= text.length) return;
    const count = wrong.size + 2;
    wrong = new Set();
    save({ guesses: [...s.guesses, count] });
    setText(status, t("It was “{c}” (counted as {k} guesses).", { c: text[n], k: count }));
  });
  restart.addEventListener("click", () => {
    wrong = new Set();
    save({ guesses: [] });
    setText(status, t("Start again: guess the first character."));
  });

  update();
  const handlers = {
    passage: () => { passage.set(model.get("passage") + 1); update(); },
    order: () => { order.set(model.get("order")); update(); },
    language: () => { language.set(model.get("language")); update(); },
    guesses: () => update(),
  };
  for (const [k, fn] of Object.entries(handlers)) model.on(`change:${k}`, fn);
  return () => { for (const [k, fn] of Object.entries(handlers)) model.off(`change:${k}`, fn); };
}

export default { render };
