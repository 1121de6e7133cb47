// AdditivityExplorer in the browser: two chained events, and whether the information of both is
// the sum of their informations; buttons swap in other candidates f (1 - p, 1/p) that fail the
// test (the Python class: lossnotes.widgets.entropy.AdditivityExplorer).
//
// Introduced in notebook 01_self_information (the World Cup example).
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, choiceButtons, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "AdditivityExplorer";
/** The readouts' keys (fixed: the events' names and I or f are only in the labels shown). */
export const QUANTITIES = ["P(p1·p2)", "f(p1)", "f(p2)", "f(p1) + f(p2)", "f(p1·p2)", "gap"];
// key -> [label, unit or null]; only the logarithms are additive.
const CANDIDATES = {
  "-log2 p": ["−log₂ p", "bits"],
  "-ln p": ["−ln p", "nats"],
  "1 - p": ["1 − p", null],
  "1 / p": ["1 / p", null],
};
// Right end of the axis per candidate (room for both sliders at 0.01 for the logarithms; 1/p is clipped).
const XMAX = { "-log2 p": 2 * Math.log2(100) + 2.5, "-ln p": 2 * Math.log(100) + 2.0, "1 - p": 2.6, "1 / p": 20.0 };

/** f(t) for the candidate `key`: the same operations as Python's _candidate. */
function candidate(key, x) {
  if (key === "-log2 p") return -Math.log2(x) + 0;
  if (key === "-ln p") return -Math.log(x) + 0;
  if (key === "1 - p") return 1 - x;
  return 1 / x;
}

/** The numbers the explorer shows for a state {p1, p2, f}: AdditivityExplorer.readouts in Python. */
export function readouts(state) {
  const key = state.f || "-log2 p";
  const pj = state.p1 * state.p2;
  const f1 = candidate(key, state.p1), f2 = candidate(key, state.p2), fj = candidate(key, pj);
  let gap = fj - (f1 + f2);
  if (Math.abs(gap) <= 1e-9 * Math.max(1, Math.abs(fj))) gap = 0;
  const values = [pj, f1, f2, f1 + f2, fj, gap];
  return Object.fromEntries(QUANTITIES.map((k, i) => [k, values[i]]));
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const [a, b, joint] = model.get("names");
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: is information additive?"));
  const state = () => ({ p1: model.get("p1"), p2: model.get("p2"), f: model.get("f") });
  const set = setter(model);

  const s1 = numberSlider({ symbol: `P(${a})`, unit: N_("probability"), min: 0.01, max: 1, step: 0.01,
    value: model.get("p1"), t, onChange: (v) => set("p1", v) });
  const s2 = numberSlider({ symbol: `P(${b})`, unit: N_("probability"), min: 0.01, max: 1, step: 0.01,
    value: model.get("p2"), t, onChange: (v) => set("p2", v) });
  const choice = choiceButtons({ legend: t("f(p)"), value: model.get("f"), onChange: (v) => set("f", v),
    options: Object.entries(CANDIDATES).map(([value, [label]]) => ({ value, label })) });

  // The chart: a legend (three rows), the stacked bar f(p1) + f(p2) above the bar f(p1·p2), each with its
  // label above it, and a dotted line where the stack ends.
  const W = 460, H = 250, left = 16, right = 16, top = 52, bottom = 44;
  const chart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  chart.style.maxWidth = "600px";
  const band = (H - top - bottom) / 2;
  const bh = band - 30;
  const rowY = [top + 22, top + band + 22];
  const seg1 = svg("rect", { y: rowY[0], height: bh, fill: COLORS.p }, chart);
  const seg2 = svg("rect", { y: rowY[0], height: bh, fill: COLORS.q, stroke: "#000", "stroke-width": 0.8, "stroke-dasharray": "4 2" }, chart);
  const jointBar = svg("rect", { y: rowY[1], height: bh, fill: COLORS.m, stroke: "#000", "stroke-width": 0.8, "stroke-dasharray": "1 2" }, chart);
  const sumLine = svg("line", { y1: top, y2: H - bottom, stroke: COLORS.grey, "stroke-width": 1.5, "stroke-dasharray": "2 3" }, chart);
  const tSum = svg("text", { y: rowY[0] + bh / 2 + 4 }, chart);
  const tJoint = svg("text", { y: rowY[1] + bh / 2 + 4 }, chart);
  setText(svg("text", { x: left, y: rowY[0] - 5 }, chart), t("step by step (stacked)"));
  setText(svg("text", { x: left, y: rowY[1] - 5 }, chart), t("{joint} (computed directly)", { joint }));
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, chart);
  svg("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "ln-axis" }, chart);
  const tickGroup = svg("g", {}, chart);
  const xlabel = svg("text", { x: (left + W - right) / 2, y: H - 6, "text-anchor": "middle" }, chart);
  // Legend: the three bars (colour, and solid / dashed / dotted outlines).
  const legendItems = [[COLORS.p, ""], [COLORS.q, "4 2"], [COLORS.m, "1 2"]].map(([fill, dash], i) => {
    const y = 4 + i * 15;
    svg("rect", { x: left, y, width: 14, height: 10, fill, stroke: "#000", "stroke-width": dash ? 0.8 : 0, "stroke-dasharray": dash }, chart);
    return svg("text", { x: left + 19, y: y + 9 }, chart);
  });
  const verdict = h("p", { class: "ln-verdict", style: "font-weight:700;margin:0.2em 0" });

  let panel = readoutPanel(QUANTITIES);
  root.append(...[titleEl, h("div", { class: "ln-controls" }, h("div", { style: "flex:1 1 16em" }, s1.element, s2.element),
    choice.element), chart, verdict, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shown = null;
  let xs = null;
  let labels = null;
  function candidateChanged(key) {
    const [label, unit] = CANDIDATES[key];
    const sym = unit ? "I" : "f";
    xs = scale(0, XMAX[key], left, W - right);
    tickGroup.replaceChildren();
    for (const tk of ticks(XMAX[key], 5)) {
      svg("line", { x1: xs(tk), x2: xs(tk), y1: H - bottom, y2: H - bottom + 4, class: "ln-axis" }, tickGroup);
      setText(svg("text", { x: xs(tk), y: H - bottom + 16, "text-anchor": "middle" }, tickGroup), String(tk));
    }
    setText(xlabel, unit ? t("information f(p) = {f}  [{unit}]", { f: label, unit: t(unit) })
      : t("candidate f(p) = {f}  (no unit: not an information)", { f: label }));
    labels = [`P(${joint})`, `${sym}(${a})`, `${sym}(${b})`, `${sym}(${a}) + ${sym}(${b})`, `${sym}(${joint})`, t("gap")];
    QUANTITIES.forEach((k, i) => panel.label(k, labels[i]));
    setText(legendItems[0], labels[1]);
    setText(legendItems[1], labels[2]);
    setText(legendItems[2], `${labels[4]} = ${label.replace("p", `P(${joint})`)}`);
    shown = key;
  }

  function update() {
    const s = state();
    if (s.f !== shown) candidateChanged(s.f);
    const unit = CANDIDATES[s.f][1];
    const u = unit ? ` ${t(unit)}` : "";
    const v = readouts(s);
    const f1 = v["f(p1)"], f2 = v["f(p2)"], fj = v["f(p1·p2)"], sum = v["f(p1) + f(p2)"];
    seg1.setAttribute("x", left);
    seg1.setAttribute("width", xs(f1) - left);
    seg2.setAttribute("x", xs(f1));
    seg2.setAttribute("width", Math.max(0, xs(sum) - xs(f1)));
    jointBar.setAttribute("x", left);
    jointBar.setAttribute("width", xs(fj) - left);
    sumLine.setAttribute("x1", xs(sum));
    sumLine.setAttribute("x2", xs(sum));
    const xmax = XMAX[s.f];
    tSum.setAttribute("x", xs(Math.min(sum, 0.62 * xmax)) + 4);
    setText(tSum, `${f1.toFixed(2)} + ${f2.toFixed(2)} = ${sum.toFixed(2)}${u}`);
    tJoint.setAttribute("x", xs(Math.min(fj, 0.62 * xmax)) + 4);
    setText(tJoint, t("{value}{unit}  (P = {p})", { value: fj.toFixed(2), unit: u, p: v["P(p1·p2)"].toFixed(4) }));
    const adds = v.gap === 0;
    const verdictText = adds ? t("adds up ✓") : t("does not add up ✗");
    setText(verdict, `${labels[4]} − [${labels[3]}] = ${formatValue(v.gap)}${u}: ${verdictText}`);
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k])}${k.startsWith("P(") ? "" : u}`]));
    panel.set(v, texts);
    const verdictWords = adds ? t("adds up") : t("does not add up");
    chart.setAttribute("aria-label", t("Bar chart: {a} + {b} = {sum}; {joint} = {value}; {verdict}.", {
      a: `${labels[1]} = ${texts["f(p1)"]}`, b: `${labels[2]} = ${texts["f(p2)"]}`, sum: texts["f(p1) + f(p2)"],
      joint: labels[4], value: texts["f(p1·p2)"], verdict: verdictWords }));
    setState(root, s);
  }
  update();
  const onP1 = () => { s1.set(model.get("p1")); update(); };
  const onP2 = () => { s2.set(model.get("p2")); update(); };
  const onF = () => { choice.set(model.get("f")); update(); };
  model.on("change:p1", onP1);
  model.on("change:p2", onP2);
  model.on("change:f", onF);
  return () => { model.off("change:p1", onP1); model.off("change:p2", onP2); model.off("change:f", onF); };
}

export default { render };
