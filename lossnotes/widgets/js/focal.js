// FocalLossExplorer in the browser: focal loss against the probability of the true class, fixed
// reference curves of γ, a band for the slider's γ and a dot at its p_t (the Python class:
// lossnotes.widgets.practice.FocalLossExplorer).
//
// Introduced in notebook 09_other_losses.
import { focal_logit, sigmoid_focal_loss } from "./core.js";
import { COLORS, DASHES, linePath, scale, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, follow, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "FocalLossExplorer";
export const QUANTITIES = ["CE = −ln p_t", "(1 − p_t)^γ", "FL", "CE / FL", "α_t·FL, positive", "α_t·FL, negative",
  "negative / positive weight"];

/** The numbers the explorer shows for a state {gamma, p_t, alpha}: FocalLossExplorer.readouts. */
export function readouts(state) {
  const g = Number(state.gamma), pt = Number(state.p_t), a = Number(state.alpha);
  const x = focal_logit(pt);
  const fl = sigmoid_focal_loss([x], [1.0], -1, g)[0];
  const ce = sigmoid_focal_loss([x], [1.0], -1, 0)[0]; // = BCE with logits, target 1
  const pos = sigmoid_focal_loss([x], [1.0], a, g)[0];
  const neg = sigmoid_focal_loss([-x], [0.0], a, g)[0];
  return {
    "CE = −ln p_t": ce,
    "(1 − p_t)^γ": (1 - pt) ** g,
    "FL": fl,
    "CE / FL": ce / fl,
    "α_t·FL, positive": pos,
    "α_t·FL, negative": neg,
    "negative / positive weight": a > 0 ? (1 - a) / a : Infinity,
  };
}

/** A readout number as Python's _sig: four significant figures, scientific below 1e-3. */
function sig(x) {
  if (x === Infinity) return "∞";
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax >= 1000) return Math.round(x).toLocaleString("en-US");
  if (ax < 1e-3) {
    const [m, e] = x.toExponential(3).split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(Number(x.toPrecision(4)));
}
const g3 = (x) => String(Number(x.toPrecision(6))); // Python's f"{x:g}" for slider values

const SUPER = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵" };

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const state = () => ({ gamma: model.get("gamma"), p_t: model.get("p_t"), alpha: model.get("alpha") });
  const gammas = model.get("gammas");
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: focal loss"));
  const set = setter(model);
  const gSlider = numberSlider({ symbol: t("γ (focusing)"), unit: N_("dimensionless"), min: 0, max: 5, step: 0.1,
    value: model.get("gamma"), t, onChange: (v) => set("gamma", v) });
  const pSlider = numberSlider({ symbol: t("p_t (prob. of true class)"), unit: N_("probability"), min: 0.01, max: 0.99,
    step: 0.01, value: model.get("p_t"), t, onChange: (v) => set("p_t", v) });
  const aSlider = numberSlider({ symbol: t("α (weight of positives)"), unit: N_("dimensionless"), min: 0, max: 1,
    step: 0.05, value: model.get("alpha"), t, onChange: (v) => set("alpha", v) });
  const controls = h("fieldset", {}, h("legend", { text: t("Parameters") }), gSlider.element, pSlider.element, aSlider.element);

  // The chart: p_t on x, the loss on a log axis from 1e-5 to 10 nats.
  const W = 460, H = 280, L = 56, R = 12, T = 12, B = 40;
  const chart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  const X = scale(0, 1, L, W - R);
  const lg = (k) => H - B - ((H - B - T) * (k + 5)) / 6; // log10 of the loss -> y, unclamped (the plot area clips)
  const Y = (v) => (v > 0 ? Math.max(lg(Math.log10(v)), T - 20) : H - B + 20);
  const clipId = `ln-clip-${Math.random().toString(36).slice(2, 9)}`;
  svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B }, svg("clipPath", { id: clipId }, svg("defs", {}, chart)));
  for (let k = -5; k <= 1; k++) {
    svg("line", { x1: L - 4, x2: L, y1: lg(k), y2: lg(k), class: "ln-axis" }, chart);
    const label = k === 0 ? "1" : k === 1 ? "10" : `10${String(k).split("").map((c) => SUPER[c]).join("")}`;
    setText(svg("text", { x: L - 7, y: lg(k) + 4, "text-anchor": "end" }, chart), label);
  }
  for (const tk of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    svg("line", { x1: X(tk), x2: X(tk), y1: H - B, y2: H - B + 4, class: "ln-axis" }, chart);
    setText(svg("text", { x: X(tk), y: H - B + 16, "text-anchor": "middle" }, chart), String(tk));
  }
  svg("line", { x1: L, x2: L, y1: T, y2: H - B, class: "ln-axis" }, chart);
  svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "ln-axis" }, chart);
  setText(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, chart), t("p_t, probability of the true class"));
  setText(svg("text", { transform: `translate(12 ${(T + H - B) / 2}) rotate(-90)`, "text-anchor": "middle" }, chart),
    t("loss [{unit}] (log scale)", { unit: t("nats") }));
  const plot = svg("g", { "clip-path": `url(#${clipId})` }, chart);
  const grid = Array.from({ length: 240 }, (_, i) => 0.005 + (0.99 * i) / 239);
  const xGrid = grid.map(focal_logit);
  const ones = grid.map(() => 1.0);
  const pathOf = (g) => linePath(grid, sigmoid_focal_loss(xGrid, ones, -1, g).map((v) => Math.max(Math.log10(v), -7)), X, lg);
  // The slider's γ: a wide translucent band under the thin reference curves (which stay visible in it).
  const band = svg("path", { fill: "none", stroke: "currentColor", "stroke-opacity": 0.22, "stroke-width": 7 }, plot);
  const colors = [COLORS.p, COLORS.sky, COLORS.m, COLORS.q, COLORS.purple, COLORS.accent, COLORS.grey];
  gammas.forEach((g, i) => svg("path", { d: pathOf(g), fill: "none", stroke: colors[i % colors.length], "stroke-width": 1.6,
    "stroke-dasharray": DASHES[i % DASHES.length] }, plot));
  const dot = svg("circle", { r: 5.5, fill: COLORS.accent, stroke: "#000", "stroke-width": 1 }, plot);
  // Legend, lower left.
  const items = gammas.map((g, i) => ({ color: colors[i % colors.length], dash: DASHES[i % DASHES.length], width: 1.6,
    label: `γ = ${g3(g)}${g === 0 ? ` (${t("cross-entropy")})` : ""}` }));
  items.push({ color: "currentColor", width: 7, opacity: 0.22, label: t("γ from the slider (grey band)") });
  const ly0 = H - B - 8 - (items.length) * 14;
  items.forEach((it, i) => {
    const yy = ly0 + i * 14;
    svg("line", { x1: L + 8, x2: L + 30, y1: yy, y2: yy, stroke: it.color, "stroke-width": it.width,
      "stroke-opacity": it.opacity ?? 1, "stroke-dasharray": it.dash || "" }, chart);
    setText(svg("text", { x: L + 35, y: yy + 4 }, chart), it.label);
  });
  const yy = ly0 + items.length * 14;
  svg("circle", { cx: L + 19, cy: yy, r: 4.5, fill: COLORS.accent, stroke: "#000", "stroke-width": 1 }, chart);
  setText(svg("text", { x: L + 35, y: yy + 4 }, chart), t("p_t from the slider"));

  const panel = readoutPanel(QUANTITIES, { "negative / positive weight": t("negative / positive weight (1 − α)/α") });
  root.append(...[titleEl, controls, chart, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownGamma = null;
  function update() {
    const s = state();
    const g = Number(s.gamma), pt = Number(s.p_t), a = Number(s.alpha);
    if (g !== shownGamma) { band.setAttribute("d", pathOf(g)); shownGamma = g; }
    const v = readouts(s);
    dot.setAttribute("cx", X(pt));
    dot.setAttribute("cy", Y(v.FL));
    const nats = t("nats");
    const texts = {
      "CE = −ln p_t": `${sig(v["CE = −ln p_t"])} ${nats}`,
      "(1 − p_t)^γ": sig(v["(1 − p_t)^γ"]),
      "FL": `${sig(v.FL)} ${nats}`,
      "CE / FL": `${sig(v["CE / FL"])}×`,
      "α_t·FL, positive": `${sig(v["α_t·FL, positive"])} ${nats}`,
      "α_t·FL, negative": `${sig(v["α_t·FL, negative"])} ${nats}`,
      "negative / positive weight": `${sig(v["negative / positive weight"])}×`,
    };
    panel.set(v, texts);
    panel.label("α_t·FL, positive", t("α_t·FL, positive (α_t = {a})", { a: g3(a) }));
    panel.label("α_t·FL, negative", t("α_t·FL, negative (α_t = {a})", { a: g3(1 - a) }));
    chart.setAttribute("aria-label", t(
      "Focal loss against p_t on a log scale, for γ = {gammas} and the slider's γ = {gamma}; at p_t = {pt}: cross-entropy {ce}, focal loss {fl}, {ratio} times smaller.",
      { gammas: gammas.map(g3).join(", "), gamma: g.toFixed(1), pt: pt.toFixed(2), ce: texts["CE = −ln p_t"],
        fl: texts.FL, ratio: sig(v["CE / FL"]) }));
    setState(root, s);
  }
  update();
  return follow(model, { gamma: gSlider, p_t: pSlider, alpha: aSlider }, update);
}

export default { render };
