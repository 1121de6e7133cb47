// PQExplorer in the browser: two distributions p and q over the same outcomes, with live H(p),
// H(p,q), KL both ways and JS (the Python class: lossnotes.widgets.explorers.PQExplorer).
//
// Introduced in notebook 00_start_here; used again in 03_cross_entropy and 04_kl_and_js_divergence.
import { cross_entropy, entropy, js_divergence, kl_divergence, logBase } from "./core.js";
import { COLORS, probabilityBars, scale, setText, svg, ticks } from "./chart.js";
import {
  explorerRoot, follow, formatValue, h, injectStyle, probabilityEditor, readoutPanel, setState, setter, translator, unitButtons,
} from "./ui.js";

export const NAME = "PQExplorer";
export const QUANTITIES = ["H(p)", "H(p,q)", "KL(p‖q)", "KL(q‖p)", "JS(p,q)"];

/** The numbers the explorer shows for a state {p, q, unit}: PQExplorer.readouts in Python. */
export function readouts(state) {
  const { p, q } = state;
  const unit = state.unit || "bits";
  return {
    "H(p)": entropy(p, unit),
    "H(p,q)": cross_entropy(p, q, unit),
    "KL(p‖q)": kl_divergence(p, q, unit),
    "KL(q‖p)": kl_divergence(q, p, unit),
    "JS(p,q)": js_divergence(p, q, unit),
  };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const labels = model.get("labels");
  const n = labels.length;
  const state = () => ({ p: model.get("p"), q: model.get("q"), unit: model.get("unit") });
  const root = explorerRoot(NAME);
  const title = model.get("title");
  const titleEl = title ? h("p", { class: "ln-title", id: `${NAME}-t-${Math.random().toString(36).slice(2, 8)}`, text: title }) : null;
  if (titleEl) root.setAttribute("aria-labelledby", titleEl.id);
  else root.setAttribute("aria-label", t("Explorer: p versus q"));

  const set = setter(model);
  const pEditor = probabilityEditor({ symbol: "p", labels, value: model.get("p"), t, onChange: (v) => set("p", v) });
  const qEditor = probabilityEditor({ symbol: "q", labels, value: model.get("q"), t, onChange: (v) => set("q", v) });
  const units = unitButtons({ value: model.get("unit"), t, onChange: (u) => set("unit", u) });
  pEditor.element.style.setProperty("--ln-accent", COLORS.p);
  qEditor.element.style.setProperty("--ln-accent", COLORS.q);

  // Left chart: p and q as grouped bars.
  const W = 360, H = 220, left = 44, right = 10, top = 14, bottom = 40;
  const { svg: bars, y, band } = probabilityBars({ width: W, height: H, left, right, top, bottom, n });
  const bw = Math.min(band * 0.38, 40);
  const pRects = [], qRects = [];
  labels.forEach((lab, i) => {
    const cx = left + band * (i + 0.5);
    pRects.push(svg("rect", { x: cx - bw, width: bw, fill: COLORS.p }, bars));
    qRects.push(svg("rect", { x: cx, width: bw, fill: COLORS.q, stroke: "#000", "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars));
    setText(svg("text", { x: cx, y: H - bottom + 16, "text-anchor": "middle" }, bars), lab);
  });
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, bars), t("outcome"));
  const ylab = svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, bars);
  setText(ylab, t("probability"));
  // Legend: p solid, q dashed outline (not colour alone).
  svg("rect", { x: W - right - 70, y: top, width: 12, height: 10, fill: COLORS.p }, bars);
  setText(svg("text", { x: W - right - 54, y: top + 9 }, bars), "p");
  svg("rect", { x: W - right - 36, y: top, width: 12, height: 10, fill: COLORS.q, stroke: "#000", "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars);
  setText(svg("text", { x: W - right - 20, y: top + 9 }, bars), "q");

  // Right chart: the five quantities as horizontal bars, H(p,q) drawn as H(p) + the KL gap.
  const W2 = 360, H2 = 220, l2 = 74, r2 = 54, t2 = 10, b2 = 40;
  const qchart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W2} ${H2}`, role: "img" });
  const rowH = (H2 - t2 - b2) / QUANTITIES.length;
  const rowColors = [COLORS.p, COLORS.p, COLORS.accent, COLORS.q, COLORS.m];
  const rows = QUANTITIES.map((key, i) => {
    const yy = t2 + i * rowH + rowH * 0.2;
    setText(svg("text", { x: l2 - 6, y: yy + rowH * 0.45, "text-anchor": "end" }, qchart), key);
    const rect = svg("rect", { x: l2, y: yy, height: rowH * 0.6, fill: rowColors[i] }, qchart);
    const value = svg("text", { y: yy + rowH * 0.45 }, qchart);
    return { rect, value, yy };
  });
  const gap = svg("rect", { y: rows[1].yy, height: rowH * 0.6, fill: COLORS.accent, "fill-opacity": 0.45,
    stroke: COLORS.accent, "stroke-dasharray": "4 2" }, qchart);
  svg("line", { x1: l2, x2: l2, y1: t2, y2: H2 - b2, class: "ln-axis" }, qchart);
  svg("line", { x1: l2, x2: W2 - r2, y1: H2 - b2, y2: H2 - b2, class: "ln-axis" }, qchart);
  const bound = svg("line", { y1: t2, y2: H2 - b2, stroke: COLORS.grey, "stroke-dasharray": "2 3", "stroke-width": 1.5 }, qchart);
  const tickGroup = svg("g", {}, qchart);
  const xlabel = svg("text", { x: (l2 + W2 - r2) / 2, y: H2 - 6, "text-anchor": "middle" }, qchart);

  let shownUnit = null;
  let xs = null;
  function axes(unit) {
    const lb = logBase(unit);
    const xmax = (2.5 * Math.max(Math.log(n), Math.log(2))) / lb;
    xs = scale(0, xmax, l2, W2 - r2);
    tickGroup.replaceChildren();
    for (const tk of ticks(xmax)) {
      svg("line", { x1: xs(tk), x2: xs(tk), y1: H2 - b2, y2: H2 - b2 + 4, class: "ln-axis" }, tickGroup);
      setText(svg("text", { x: xs(tk), y: H2 - b2 + 16, "text-anchor": "middle" }, tickGroup), String(tk));
    }
    const jsBound = Math.log(2) / lb;
    bound.setAttribute("x1", xs(jsBound));
    bound.setAttribute("x2", xs(jsBound));
    setText(xlabel, t("value [{unit}]   (dotted: JS bound log 2 = {bound})", { unit: t(unit), bound: formatValue(jsBound, 3) }));
    shownUnit = unit;
  }

  const panel = readoutPanel(QUANTITIES);
  const chartRow = h("div", { class: "ln-controls" }, bars, qchart);
  bars.style.flex = "1 1 300px"; qchart.style.flex = "1 1 300px"; bars.style.maxWidth = "380px"; qchart.style.maxWidth = "380px";
  const caption = model.get("caption");
  root.append(...[titleEl, h("div", { class: "ln-controls" }, pEditor.element, qEditor.element), units.element,
    chartRow, panel.element, caption ? h("p", { class: "ln-caption", text: caption }) : null].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    if (s.unit !== shownUnit) axes(s.unit);
    const v = readouts(s);
    const unitText = t(s.unit);
    s.p.forEach((pi, i) => { pRects[i].setAttribute("y", y(pi)); pRects[i].setAttribute("height", y(0) - y(pi)); });
    s.q.forEach((qi, i) => { qRects[i].setAttribute("y", y(qi)); qRects[i].setAttribute("height", y(0) - y(qi)); });
    const xmax = xs.domain[1];
    QUANTITIES.forEach((key, i) => {
      const val = v[key];
      const width = key === "H(p,q)" ? v["H(p)"] : val;
      rows[i].rect.setAttribute("width", Math.max(0, xs(Math.min(width, xmax)) - l2));
      rows[i].value.setAttribute("x", xs(Math.min(val, xmax)) + 4);
      setText(rows[i].value, formatValue(val, 3));
    });
    const hp = Math.min(v["H(p)"], xmax);
    gap.setAttribute("x", xs(hp));
    gap.setAttribute("width", Math.max(0, xs(Math.min(v["H(p,q)"], xmax)) - xs(hp)));
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k])} ${unitText}`]));
    panel.set(v, texts);
    const fmt = (arr) => arr.map((x) => formatValue(x, 2)).join(", ");
    bars.setAttribute("aria-label", t("Bar chart of p = ({p}) and q = ({q}) over {outcomes}.",
      { p: fmt(s.p), q: fmt(s.q), outcomes: labels.join(", ") }));
    qchart.setAttribute("aria-label", t("Bar chart of the quantities: {values}.",
      { values: QUANTITIES.map((k) => `${k} = ${texts[k]}`).join("; ") }));
    setState(root, s);
  }
  update();
  return follow(model, { p: pEditor, q: qEditor, unit: units }, update);
}

export default { render };
