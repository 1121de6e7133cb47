// What every explorer's interface shares: translated labels, the stylesheet, number formats,
// probability sliders, unit buttons and the live readouts (an aria-live region).
import { rebalance } from "./core.js";

/** A translator for the model's `strings` ({English: translation}); English when missing. */
export function translator(model) {
  const strings = model.get("strings") || {};
  return (msg, values = {}) => {
    const text = strings[msg] || msg;
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  };
}

/** "∞" for +Infinity, fixed decimals otherwise: lossnotes.widgets.format_value. */
export function formatValue(x, digits = 4) {
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  return (x + 0).toFixed(digits);
}

/** Shortest round-trip text of a number ("Infinity" for +∞): a readout's data-value. */
export const fullPrecision = (x) => String(x);

/** Mark a message for the catalogue without translating it here (as lossnotes.i18n.N_). */
export const N_ = (message) => message;

/** The units; t(unit) gives the display name, as i18n.unit_label. */
export const UNITS = [N_("bits"), N_("nats"), N_("hartleys")];

const CSS = `
.lossnotes-explorer {
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Lossnotes CJK SC", "Noto Sans CJK SC", sans-serif;
  font-size: 14px; line-height: 1.4; max-width: 760px; box-sizing: border-box;
  /* A step changes only the explorer: its layout and paint stay inside it, so the page around it
     (a long notebook, JupyterLab, MathJax) is not laid out again on every key press. */
  contain: layout paint style; }
.lossnotes-explorer *, .lossnotes-explorer *::before, .lossnotes-explorer *::after { box-sizing: border-box; }
.lossnotes-explorer .ln-title { font-weight: 700; margin: 0 0 0.3em; font-size: 1em; }
.lossnotes-explorer .ln-controls { display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; }
.lossnotes-explorer fieldset { border: 1px solid color-mix(in srgb, currentColor 30%, transparent); border-radius: 4px;
  margin: 0; padding: 0.3em 0.6em 0.5em; min-width: 0; flex: 1 1 16em; }
.lossnotes-explorer legend { padding: 0 0.3em; font-weight: 600; }
.lossnotes-explorer .ln-slider { display: grid; grid-template-columns: minmax(6em, auto) 1fr 3.6em; align-items: center; gap: 0.4em; }
.lossnotes-explorer .ln-slider output { font-variant-numeric: tabular-nums; text-align: right; }
.lossnotes-explorer input[type=range] { width: 100%; min-width: 0; margin: 0.25em 0; accent-color: var(--ln-accent, #0072B2); }
.lossnotes-explorer input[type=text] { width: 100%; font: inherit; color: inherit; background: transparent;
  border: 1px solid color-mix(in srgb, currentColor 45%, transparent); border-radius: 3px; padding: 0.15em 0.3em; }
.lossnotes-explorer .ln-vector { display: grid; grid-template-columns: minmax(6em, auto) 1fr; gap: 0.4em; align-items: center; margin-top: 0.3em; }
.lossnotes-explorer .ln-units { display: flex; flex-wrap: wrap; gap: 0.2em 1em; align-items: center; }
.lossnotes-explorer :focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.lossnotes-explorer .ln-chart { display: block; width: 100%; height: auto; margin: 0.4em 0; overflow: visible; }
.lossnotes-explorer .ln-chart text { fill: currentColor; font-size: 12px; }
.lossnotes-explorer .ln-chart .ln-axis { stroke: currentColor; stroke-width: 1; }
.lossnotes-explorer .ln-readouts { display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; margin: 0.2em 0;
  font-variant-numeric: tabular-nums; }
.lossnotes-explorer .ln-readouts b { font-weight: 700; }
.lossnotes-explorer .ln-caption { font-size: 0.95em; margin: 0.3em 0 0; }
/* A page's theme may grey table captions out (muted text fails contrast in dark mode): explorers' text keeps the text colour. */
.lossnotes-explorer caption { color: inherit; }
.lossnotes-explorer .ln-error { color: #B00020; min-height: 1.2em; }
@media (prefers-color-scheme: dark) { .lossnotes-explorer .ln-error { color: #FF8A80; } }
html[data-theme=dark] .lossnotes-explorer .ln-error { color: #FF8A80; }
/* JupyterLab: when the active cell changes (the focus entering an explorer makes its cell active),
   JupyterLab resets the cursor of every other cell's editor, and CodeMirror restarts each one's
   blink animation (an inline animation-name).  An unfocused editor draws no cursor, so nothing
   visible blinks, yet some 20 animations keep the page drawing 60 frames a second for 1.2 s and
   every key press on the explorer waits for the next frame.  The focused editor still blinks. */
.jp-Notebook .cm-editor:not(.cm-focused) > .cm-scroller > .cm-cursorLayer { animation-name: none !important; }
`;

/** Add the explorers' stylesheet to the document once. */
export function injectStyle(doc = document) {
  if (doc.getElementById("lossnotes-explorer-style")) return;
  const style = doc.createElement("style");
  style.id = "lossnotes-explorer-style";
  style.textContent = CSS;
  doc.head.appendChild(style);
}

let uid = 0;
/** A document-unique id prefix (several explorers can share a page). */
export function newId(prefix) {
  uid += 1;
  return `ln-${prefix}-${uid}-${Math.random().toString(36).slice(2, 7)}`;
}

/** An element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/**
 * Sliders for a probability vector that always sums to 1 (the balancing rule of
 * lossnotes.widgets.editor: the difference comes from the other entries, last first), plus a text
 * box for an exact vector.  `onChange(vector)` is called on every step.
 */
export function probabilityEditor({ symbol, labels, value, t, onChange, step = 0.01 }) {
  const id = newId(`editor-${symbol}`);
  const fieldset = h("fieldset", { class: "ln-editor" }, h("legend", { text: t("distribution {symbol}", { symbol }) }));
  const sliders = [];
  let current = value.slice();
  labels.forEach((label, i) => {
    const inputId = `${id}-${i}`;
    const name = /^[₀-₉]/.test(label) ? `${symbol}${label}` : `${symbol}(${label})`;
    const input = h("input", {
      type: "range", id: inputId, min: 0, max: 1, step, value: current[i],
      "aria-label": `${name} [${t("probability")}]`,
    });
    const out = h("output", { for: inputId, "aria-hidden": "true" });
    const row = h("div", { class: "ln-slider" }, h("label", { for: inputId, text: `${name} [${t("probability")}]` }), input, out);
    input.addEventListener("input", () => {
      current = rebalance(current, i, Number(input.value));
      sync();
      onChange(current.slice());
    });
    sliders.push({ input, out });
    fieldset.append(row);
  });
  const textId = `${id}-text`;
  const errorId = `${id}-error`;
  const text = h("input", { type: "text", id: textId, inputmode: "decimal", spellcheck: "false",
    "aria-describedby": errorId, autocomplete: "off" });
  const error = h("div", { id: errorId, class: "ln-error", role: "status" });
  fieldset.append(h("div", { class: "ln-vector" },
    h("label", { for: textId, text: t("{symbol} as numbers (Enter)", { symbol }) }), text), error);
  text.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const parts = text.value.split(/[\s,，;；]+/).filter((s) => s.length).map(Number);
    const sum = parts.reduce((a, b) => a + b, 0);
    if (parts.length !== current.length || parts.some((x) => !(x >= 0 && x <= 1)) || Math.abs(sum - 1) > 1e-6) {
      error.textContent = t("Type {n} probabilities between 0 and 1 that sum to 1.", { n: current.length });
      return;
    }
    error.textContent = "";
    current = parts;
    sync();
    onChange(current.slice());
  });
  function sync() {
    sliders.forEach(({ input, out }, i) => {
      input.value = String(current[i]);
      input.setAttribute("aria-valuetext", formatValue(current[i], 2));
      out.textContent = formatValue(current[i], 2);
    });
    text.value = current.map((x) => String(Number(x.toPrecision(6)))).join(", ");
  }
  sync();
  return {
    element: fieldset,
    set(v) { current = v.slice(); sync(); },
    get value() { return current.slice(); },
  };
}

/** Radio buttons choosing the unit (bits, nats, hartleys). */
export function unitButtons({ value, t, onChange }) {
  const name = newId("unit");
  const fieldset = h("fieldset", { class: "ln-units" }, h("legend", { text: t("unit") }));
  const inputs = {};
  for (const u of UNITS) {
    const id = `${name}-${u}`;
    const input = h("input", { type: "radio", name, id, value: u, checked: u === value });
    input.addEventListener("change", () => { if (input.checked) onChange(u); });
    inputs[u] = input;
    fieldset.append(h("label", { for: id }, input, " ", t(u)));
  }
  return { element: fieldset, set(u) { if (inputs[u]) inputs[u].checked = true; } };
}

/**
 * The live readouts: one <span data-quantity data-value> each, in an aria-live region.  `shown`
 * ({key: label}, or an array of labels in the keys' order) gives the label a reader sees where it
 * is not the key itself (a translation); `label(key, text)` changes one later.
 */
export function readoutPanel(keys, shown = {}) {
  if (Array.isArray(shown)) shown = Object.fromEntries(keys.map((key, i) => [key, shown[i]]));
  const element = h("div", { class: "ln-readouts", "aria-live": "polite", "aria-atomic": "true", role: "status" });
  const cells = {};
  const names = {};
  for (const key of keys) {
    const value = h("span", { "data-quantity": key });
    names[key] = h("b", { text: shown[key] ?? key });
    element.append(h("span", {}, names[key], " = ", value));
    cells[key] = value;
  }
  return {
    element,
    label(key, text) { if (names[key].textContent !== text) names[key].textContent = text; },
    set(values, texts) {
      for (const key of keys) {
        const cell = cells[key];
        const v = fullPrecision(values[key]);
        if (cell.getAttribute("data-value") !== v) cell.setAttribute("data-value", v);
        if (cell.textContent !== texts[key]) cell.textContent = texts[key];
      }
    },
  };
}

/**
 * An explorer's root element: data-explorer names the Python class (the tests' hook), and
 * data-lm-suppress-shortcuts keeps JupyterLab's command-mode shortcuts (arrows, letters) away from
 * the explorer's controls, so that the arrow keys move a focused slider.
 */
export function explorerRoot(name) {
  const root = h("div", { class: "lossnotes-explorer", "data-explorer": name, role: "group", "data-lm-suppress-shortcuts": "true" });
  // The notebook's own handlers (cell navigation, focus) must not see keys meant for a control:
  // the key still does its default action (a range input steps), it just goes no further up.
  for (const type of ["keydown", "keypress", "keyup"]) root.addEventListener(type, (ev) => ev.stopPropagation());
  return root;
}

/** Keep the root's data-state attribute (the explorer's parameters as JSON) current. */
export function setState(root, state) {
  root.setAttribute("data-state", JSON.stringify(state));
}

/**
 * One labelled numeric slider: a native range input whose visible label and accessible name carry
 * the symbol and unit ("T [dimensionless]"), with the value shown beside it.  `onChange(number)`
 * is called on every step.  The value is snapped to the step grid in decimal (0.1 + 0.2 → 0.3),
 * as the old ipywidgets sliders did.  Returns {element, input, set(value), get value}.
 */
export function numberSlider({ symbol, unit = "", min, max, step, value, digits, t, onChange }) {
  const id = newId("slider");
  const decimals = digits ?? Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const name = unit ? `${symbol} [${t ? t(unit) : unit}]` : symbol;
  const input = h("input", { type: "range", id, min, max, step, value, "aria-label": name });
  const out = h("output", { for: id, "aria-hidden": "true" });
  const element = h("div", { class: "ln-slider" }, h("label", { for: id, text: name }), input, out);
  let current = Number(value);
  const snap = (x) => Number(Math.min(Math.max(Number(x), min), max).toFixed(decimals + 2));
  function sync() {
    input.value = String(current);
    const text = current.toFixed(decimals);
    input.setAttribute("aria-valuetext", unit ? `${text} ${t ? t(unit) : unit}` : text);
    out.textContent = text;
  }
  input.addEventListener("input", () => { current = snap(input.value); sync(); onChange(current); });
  sync();
  return { element, input, set(v) { current = Number(v); sync(); }, get value() { return current; } };
}

/**
 * A group of radio buttons (a fieldset with a legend): one of `options`, [{value, label}].
 * `onChange(value)` on a change.  Returns {element, set(value)}.
 */
export function choiceButtons({ legend, options, value, onChange }) {
  const name = newId("choice");
  const fieldset = h("fieldset", { class: "ln-units" }, h("legend", { text: legend }));
  const inputs = new Map();
  options.forEach((opt, i) => {
    const id = `${name}-${i}`;
    const input = h("input", { type: "radio", name, id, value: String(opt.value), checked: opt.value === value });
    input.addEventListener("change", () => { if (input.checked) onChange(opt.value); });
    inputs.set(opt.value, input);
    fieldset.append(h("label", { for: id }, input, " ", opt.label));
  });
  return { element: fieldset, set(v) { const input = inputs.get(v); if (input) input.checked = true; } };
}

/** A unique id for an explorer's title element, and the root labelled by it (or by `fallback`). */
export function titled(root, model, fallback) {
  const title = model.get("title");
  if (!title) {
    root.setAttribute("aria-label", fallback);
    return null;
  }
  const el = h("p", { class: "ln-title", id: newId("title"), text: title });
  root.setAttribute("aria-labelledby", el.id);
  return el;
}

/** The caption paragraph ("what to notice"), or null when there is none. */
export function captionElement(model) {
  const caption = model.get("caption");
  return caption ? h("p", { class: "ln-caption", text: caption }) : null;
}

/**
 * Follow changes made elsewhere (Python setting `explorer.p`, another view of the same model):
 * on `change:<key>` the control shows the new value and the explorer redraws.  `controls` is
 * {key: control with set(value)}.  Returns the clean-up function render() returns.
 */
export function follow(model, controls, update) {
  const handlers = Object.entries(controls).map(([key, control]) => {
    const fn = () => { control.set(model.get(key)); update(); };
    model.on(`change:${key}`, fn);
    return [key, fn];
  });
  return () => { for (const [key, fn] of handlers) model.off(`change:${key}`, fn); };
}

// How long the controls must rest before the kernel gets their values, and the longest a value
// waits while they keep moving (a slider dragged or a key held for seconds).
const QUIET_MS = 250;
const MAX_WAIT_MS = 1000;
const pending = new Map(); // model -> {first: ms of its oldest unsent step, timer}
let flushOnLeave = false; // the focusout/pagehide listeners are in place

function flush(model) {
  const wait = pending.get(model);
  if (!wait) return;
  clearTimeout(wait.timer);
  pending.delete(model);
  model.save_changes();
}

function flushAll() {
  for (const model of [...pending.keys()]) flush(model);
}

/**
 * Send the model's changes to the kernel (what `explorer.p` reads in Python) once the controls rest
 * for QUIET_MS, and at least every MAX_WAIT_MS while they keep moving; at once when the focus
 * leaves the control or the page goes away, so a cell run next reads the value the reader sees.
 * The steps in between travel as one message: each message makes the kernel busy and idle, and
 * JupyterLab redraws its kernel indicators and swaps its icon twice; sent on every step, that work
 * competed with the explorer's next frame.  The explorer itself never waits for the kernel.
 */
export function saveSoon(model) {
  if (!flushOnLeave) {
    document.addEventListener("focusout", flushAll, true);
    window.addEventListener("pagehide", flushAll);
    flushOnLeave = true;
  }
  const now = performance.now();
  const wait = pending.get(model);
  if (wait) clearTimeout(wait.timer);
  const first = wait ? wait.first : now;
  const delay = Math.min(QUIET_MS, Math.max(0, first + MAX_WAIT_MS - now));
  pending.set(model, { first, timer: setTimeout(() => flush(model), delay) });
}

/** `set(key, value)` for an explorer's controls: the view changes now, the kernel once they rest. */
export function setter(model) {
  return (key, value) => { model.set(key, value); saveSoon(model); };
}
