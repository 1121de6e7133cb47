// CompressionExplorer in the browser: held-out bits per character of a character n-gram model
// against gzip, bz2 and xz (the Python class: lossnotes.widgets.compression.CompressionExplorer).
//
// Every number was computed in Python (CharNGram.cross_entropy_grid) for each order, discount step
// and mode, and arrives as the `tables` data: a key press looks one up and moves four bars.
//
// Introduced in notebook 10_cross_entropy_is_compression.
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, choiceButtons, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "CompressionExplorer";
export const QUANTITIES = ["bits/char", "perplexity", "bits/byte", "coded bits/char", "rounding bits/char", "model bytes",
  "gzip bits/char", "bz2 bits/char", "xz bits/char", "gzip bytes", "bz2 bytes", "xz bytes"];
const COMPRESSORS = ["gzip", "bz2", "xz"];
const STATE_KEYS = ["language", "order", "discount", "adaptive", "heldout_chars"];
const TITLES = { en: N_("English: Tiny Shakespeare"), zh: N_("Chinese: Lunyu + Mengzi") };

/** The index of a discount on the 0.05 grid (as _discount_index in Python). */
const discountIndex = (D) => Math.round(D * 20) - 1;

/**
 * The numbers the explorer shows for a state {language, order, discount, adaptive, heldout_chars}
 * with the fixed data {tables}: CompressionExplorer.readouts in Python.
 */
export function readouts(state) {
  const tab = state.tables[state.language];
  const i = discountIndex(state.discount);
  const a = state.adaptive ? 1 : 0;
  const H = tab.H[a][state.order][i];
  const Hc = tab.coded[a][state.order][i];
  const n = tab.n;
  const out = {
    "bits/char": H,
    "perplexity": 2.0 ** H,
    "bits/byte": (n * H) / tab.bytes,
    "coded bits/char": Hc,
    "rounding bits/char": Hc - H,
    "model bytes": (n * Hc) / 8,
  };
  for (const k of COMPRESSORS) out[`${k} bits/char`] = tab[k];
  for (const k of COMPRESSORS) out[`${k} bytes`] = (n * tab[k]) / 8;
  return out;
}

/** Diagonal-line, dot and cross hatches (bars told apart without colour), in a <defs>. */
function hatches(root, id) {
  const defs = svg("defs", {}, root);
  const make = (name, draw) => {
    const pat = svg("pattern", { id: `${id}-${name}`, width: 6, height: 6, patternUnits: "userSpaceOnUse" }, defs);
    draw(pat);
  };
  make("lines", (p) => svg("path", { d: "M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5", stroke: "#000", "stroke-width": 0.8 }, p));
  make("dots", (p) => svg("circle", { cx: 3, cy: 3, r: 1, fill: "#000" }, p));
  make("cross", (p) => svg("path", { d: "M0,0 L6,6 M6,0 L0,6", stroke: "#000", "stroke-width": 0.7 }, p));
  return (name) => `url(#${id}-${name})`;
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const tables = model.get("tables");
  const languageLabels = model.get("language_labels") || {};
  const state = () => Object.fromEntries(STATE_KEYS.map((k) => [k, model.get(k)]));
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: an n-gram model as a compressor"));
  const set = setter(model);

  const order = numberSlider({ symbol: t("k (order)"), unit: N_("characters of context"), min: 0, max: model.get("max_order") ?? 6, step: 1,
    value: model.get("order"), t, onChange: (v) => set("order", Math.round(v)) });
  const discount = numberSlider({ symbol: t("D (discount)"), unit: N_("counts"), min: 0.05, max: 1, step: 0.05,
    value: model.get("discount"), t, onChange: (v) => set("discount", (discountIndex(v) + 1) / 20) });
  const mode = choiceButtons({ legend: t("model"), value: model.get("adaptive"),
    options: [{ value: false, label: t("static") }, { value: true, label: t("adaptive (keeps counting the held-out text)") }],
    onChange: (v) => set("adaptive", v) });
  const language = choiceButtons({ legend: t("text"), value: model.get("language"),
    options: Object.keys(tables).map((k) => ({ value: k, label: languageLabels[k] || k })),
    onChange: (v) => set("language", v) });

  // The chart: four bars on a bits/char axis that depends on the language only.
  const W = 420, H = 240, left = 48, right = 12, top = 28, bottom = 36;
  const chart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const fill = hatches(chart, `ln-cmp-${Math.random().toString(36).slice(2, 8)}`);
  const heading = svg("text", { x: (left + W - right) / 2, y: 14, "text-anchor": "middle" }, chart);
  const axisGroup = svg("g", {}, chart);
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, chart);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, chart);
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, chart),
    t("held-out bits per character"));
  const names = [t("model"), ...COMPRESSORS];
  const colors = [COLORS.sky, COLORS.p, COLORS.q, COLORS.m];
  const patterns = [null, "lines", "dots", "cross"];
  const band = (W - right - left) / 4;
  const bw = band * 0.6;
  const bars = names.map((name, i) => {
    const x = left + band * i + (band - bw) / 2;
    const rect = svg("rect", { x, width: bw, fill: colors[i], stroke: "#000", "stroke-width": 0.6 }, chart);
    const over = patterns[i] ? svg("rect", { x, width: bw, fill: fill(patterns[i]) }, chart) : null;
    const label = svg("text", { x: x + bw / 2, "text-anchor": "middle" }, chart);
    setText(svg("text", { x: x + bw / 2, y: H - bottom + 16, "text-anchor": "middle" }, chart), name);
    return { rect, over, label };
  });
  let y = null, shownLanguage = null;
  function axes(lang) {
    const tab = tables[lang];
    const ymax = Math.max(tab.gzip, tab.bz2, tab.xz, 3.0) * 1.25;
    y = scale(0, ymax, H - bottom, top);
    axisGroup.replaceChildren();
    for (const tk of ticks(ymax)) {
      svg("line", { x1: left - 4, x2: left, y1: y(tk), y2: y(tk), class: "ln-axis" }, axisGroup);
      setText(svg("text", { x: left - 7, y: y(tk) + 4, "text-anchor": "end" }, axisGroup), String(tk));
    }
    const count = t("{n} held-out characters", { n: tab.n.toLocaleString("en") });
    setText(heading, `${t(TITLES[lang] || lang)} · ${count}`);
    shownLanguage = lang;
  }

  const panel = readoutPanel(QUANTITIES);
  chart.style.maxWidth = "520px";
  root.append(...[titleEl, h("div", { class: "ln-controls" }, language.element, mode.element),
    h("div", { class: "ln-controls" }, h("div", { style: "flex: 1 1 16em" }, order.element, discount.element)),
    chart, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    if (s.language !== shownLanguage) axes(s.language);
    const v = readouts({ ...s, tables });
    const values = [v["bits/char"], v["gzip bits/char"], v["bz2 bits/char"], v["xz bits/char"]];
    const ymax = y.domain[1];
    values.forEach((val, i) => {
      const yy = y(Math.min(val, ymax));
      const b = bars[i];
      b.rect.setAttribute("y", yy);
      b.rect.setAttribute("height", y(0) - yy);
      if (b.over) { b.over.setAttribute("y", yy); b.over.setAttribute("height", y(0) - yy); }
      b.label.setAttribute("y", Math.max(yy - 4, top - 2));
      setText(b.label, formatValue(val, 3));
    });
    const bpc = t("bits/char");
    const bytes = t("bytes");
    const texts = {};
    for (const k of QUANTITIES) {
      const val = v[k];
      texts[k] = k === "perplexity" ? formatValue(val, 2)
        : k === "rounding bits/char" ? `${val >= 0 ? "+" : ""}${formatValue(val, 4)} ${bpc}`
          : k === "bits/byte" ? formatValue(val, 3)
            : k.endsWith("bytes") ? `${Math.ceil(val).toLocaleString("en")} ${bytes}` : `${formatValue(val, 3)} ${bpc}`;
    }
    panel.set(v, texts);
    chart.setAttribute("aria-label", t("Bar chart of held-out bits per character: model {model}, gzip {gzip}, bz2 {bz2}, xz {xz}.",
      { model: formatValue(values[0], 3), gzip: formatValue(values[1], 3), bz2: formatValue(values[2], 3), xz: formatValue(values[3], 3) }));
    setState(root, s);
  }
  update();
  const handlers = {
    order: () => { order.set(model.get("order")); update(); },
    discount: () => { discount.set(model.get("discount")); update(); },
    adaptive: () => { mode.set(model.get("adaptive")); update(); },
    language: () => { language.set(model.get("language")); update(); },
  };
  for (const [k, fn] of Object.entries(handlers)) model.on(`change:${k}`, fn);
  return () => { for (const [k, fn] of Object.entries(handlers)) model.off(`change:${k}`, fn); };
}

export default { render };
