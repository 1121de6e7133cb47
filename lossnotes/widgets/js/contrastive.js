// ContrastiveExplorer in the browser: InfoNCE as a classification over similarities S/τ, with the
// temperature on a slider (the Python class: lossnotes.widgets.practice.ContrastiveExplorer).
// The cosine similarities come from Python (fixed data); everything that depends on τ is computed here.
//
// Introduced in notebook 09_other_losses.
import { info_nce_from_similarity, practice_mean, practice_softmax_rows } from "./core.js";
import { COLORS, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, explorerRoot, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "ContrastiveExplorer";
export const QUANTITIES = ["InfoNCE", "mean p(positive)", "ln N"];

/** The numbers the explorer shows for a state {temperature, similarity}: ContrastiveExplorer.readouts. */
export function readouts(state) {
  const S = state.similarity;
  const tau = Number(state.temperature);
  const probs = practice_softmax_rows(S.map((row) => row.map((s) => s / tau)));
  return {
    "InfoNCE": info_nce_from_similarity(S, tau, "mean"),
    "mean p(positive)": practice_mean(probs.map((row, n) => row[n])),
    "ln N": Math.log(S.length),
  };
}

// matplotlib's viridis at 0, 1/8, …, 1 (the Python picture's colour map), interpolated linearly.
const VIRIDIS = ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]
  .map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
function viridis(v) {
  const u = Math.min(Math.max(v, 0), 1) * 8;
  const i = Math.min(Math.floor(u), 7), f = u - i;
  const [a, b] = [VIRIDIS[i], VIRIDIS[i + 1]];
  return `rgb(${a.map((x, k) => Math.round(x + f * (b[k] - x))).join(",")})`;
}

function sig(x) {
  if (x === 0) return "0";
  const ax = Math.abs(x);
  if (ax < 1e-3) {
    const [m, e] = x.toExponential(3).split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return String(Number(x.toPrecision(4)));
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const S = model.get("similarity");
  const n = S.length;
  const state = () => ({ temperature: model.get("temperature"), similarity: S });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: InfoNCE and the temperature"));
  const set = setter(model);
  const tauSlider = numberSlider({ symbol: t("τ (temperature)"), unit: N_("dimensionless"), min: 0.02, max: 2, step: 0.01,
    value: model.get("temperature"), t, onChange: (v) => set("temperature", v) });

  // Left: the matrix softmax(S/τ), row by row, the diagonal (positives) outlined; a colour bar.
  const W = 300, H = 290, L = 34, T = 26, cell = Math.min(34, 220 / n);
  const matrix = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  setText(svg("text", { x: L + (n * cell) / 2 + 20, y: 14, "text-anchor": "middle" }, matrix), t("softmax(S/τ), row by row [probability]"));
  const cells = [];
  for (let i = 0; i < n; i++) {
    const row = [];
    for (let j = 0; j < n; j++) row.push(svg("rect", { x: L + j * cell, y: T + i * cell, width: cell, height: cell }, matrix));
    cells.push(row);
    setText(svg("text", { x: L - 5, y: T + i * cell + cell / 2 + 4, "text-anchor": "end" }, matrix), `q${i}`);
    setText(svg("text", { x: L + i * cell + cell / 2, y: T + n * cell + 14, "text-anchor": "middle" }, matrix), `k${i}`);
  }
  for (let i = 0; i < n; i++) {
    svg("rect", { x: L + i * cell + 1, y: T + i * cell + 1, width: cell - 2, height: cell - 2, fill: "none",
      stroke: COLORS.accent, "stroke-width": 2 }, matrix);
  }
  setText(svg("text", { x: L + (n * cell) / 2, y: T + n * cell + 32, "text-anchor": "middle" }, matrix), t("key (diagonal = positive)"));
  setText(svg("text", { transform: `translate(10 ${T + (n * cell) / 2}) rotate(-90)`, "text-anchor": "middle" }, matrix), t("query"));
  const cbx = L + n * cell + 14, cbh = n * cell;
  const gradId = `ln-viridis-${Math.random().toString(36).slice(2, 9)}`;
  const grad = svg("linearGradient", { id: gradId, x1: 0, x2: 0, y1: 1, y2: 0 }, svg("defs", {}, matrix));
  for (let k = 0; k <= 8; k++) svg("stop", { offset: k / 8, "stop-color": viridis(k / 8) }, grad);
  svg("rect", { x: cbx, y: T, width: 10, height: cbh, fill: `url(#${gradId})` }, matrix);
  for (const v of [0, 0.5, 1]) {
    svg("line", { x1: cbx + 10, x2: cbx + 14, y1: T + cbh * (1 - v), y2: T + cbh * (1 - v), class: "ln-axis" }, matrix);
    setText(svg("text", { x: cbx + 16, y: T + cbh * (1 - v) + 4 }, matrix), String(v));
  }

  // Right: each query's loss −ln p(positive), with the uniform-guess level ln N (dotted).
  const W2 = 300, H2 = 290, l2 = 50, r2 = 10, t2 = 14, b2 = 44;
  const lossChart = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W2} ${H2}`, role: "img" });
  const lnN = Math.log(n);
  const ymax = Math.max(1.5 * lnN, 1.0);
  const Y = scale(0, ymax, H2 - b2, t2);
  const band = (W2 - r2 - l2) / n;
  for (const tk of ticks(ymax, 4)) {
    svg("line", { x1: l2 - 4, x2: l2, y1: Y(tk), y2: Y(tk), class: "ln-axis" }, lossChart);
    setText(svg("text", { x: l2 - 7, y: Y(tk) + 4, "text-anchor": "end" }, lossChart), String(tk));
  }
  const bars = [];
  for (let i = 0; i < n; i++) {
    bars.push(svg("rect", { x: l2 + i * band + band * 0.15, width: band * 0.7, fill: COLORS.p }, lossChart));
    setText(svg("text", { x: l2 + i * band + band / 2, y: H2 - b2 + 16, "text-anchor": "middle" }, lossChart), `q${i}`);
  }
  svg("line", { x1: l2, x2: l2, y1: t2, y2: H2 - b2, class: "ln-axis" }, lossChart);
  svg("line", { x1: l2, x2: W2 - r2, y1: H2 - b2, y2: H2 - b2, class: "ln-axis" }, lossChart);
  svg("line", { x1: l2, x2: W2 - r2, y1: Y(lnN), y2: Y(lnN), stroke: COLORS.grey, "stroke-width": 1.5, "stroke-dasharray": "2 3" }, lossChart);
  setText(svg("text", { x: W2 - r2, y: Y(lnN) - 4, "text-anchor": "end" }, lossChart), `ln N = ${lnN.toFixed(3)}`);
  setText(svg("text", { x: (l2 + W2 - r2) / 2, y: H2 - b2 + 32, "text-anchor": "middle" }, lossChart), t("query"));
  setText(svg("text", { transform: `translate(12 ${(t2 + H2 - b2) / 2}) rotate(-90)`, "text-anchor": "middle" }, lossChart),
    t("loss −ln p(positive) [{unit}]", { unit: t("nats") }));

  const panel = readoutPanel(QUANTITIES, { "mean p(positive)": t("mean p(positive)") });
  matrix.style.flex = "1 1 260px"; lossChart.style.flex = "1 1 260px";
  matrix.style.maxWidth = "360px"; lossChart.style.maxWidth = "360px";
  root.append(...[titleEl, h("fieldset", {}, h("legend", { text: t("Parameters") }), tauSlider.element),
    h("div", { class: "ln-controls" }, matrix, lossChart), panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const tau = Number(s.temperature);
    const logits = S.map((row) => row.map((v) => v / tau));
    const probs = practice_softmax_rows(logits);
    const per = info_nce_from_similarity(S, tau, "none");
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) cells[i][j].setAttribute("fill", viridis(probs[i][j]));
      const top = Y(Math.min(per[i], ymax));
      bars[i].setAttribute("y", top);
      bars[i].setAttribute("height", Math.max(0, Y(0) - top));
    }
    const v = readouts(s);
    const nats = t("nats");
    const texts = { "InfoNCE": `${sig(v.InfoNCE)} ${nats}`, "mean p(positive)": sig(v["mean p(positive)"]),
      "ln N": `${sig(v["ln N"])} ${nats}` };
    panel.set(v, texts);
    matrix.setAttribute("aria-label", t("Heat map of softmax(S/τ) at τ = {tau}: the positive's probability per query is {diagonal}.", {
      tau: tau.toFixed(2), diagonal: probs.map((row, i) => `q${i} ${row[i].toFixed(2)}`).join(", ") }));
    lossChart.setAttribute("aria-label", t("Bar chart of each query's loss in nats: {values}; ln N = {lnN}.", {
      values: per.map((x, i) => `q${i} ${sig(x)}`).join(", "), lnN: lnN.toFixed(3) }));
    setState(root, s);
  }
  update();
  const onTau = () => { tauSlider.set(model.get("temperature")); update(); };
  model.on("change:temperature", onTau);
  return () => model.off("change:temperature", onTau);
}

export default { render };
