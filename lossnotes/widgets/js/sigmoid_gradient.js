// SigmoidGradientExplorer in the browser: cross-entropy against ½MSE for a sigmoid output
// ŷ = σ(z): the two losses and the sizes of their gradients |∂L/∂z| against the logit z, marked at
// the chosen z (the Python class: lossnotes.widgets.classification.SigmoidGradientExplorer).
//
// Units: z is a log-odds in nats; the gradients are unitless.  Introduced in notebook 06_mse_vs_cross_entropy.
import { binary_cross_entropy_with_logits, sigmoid, sigmoid_bce, sigmoid_mse } from "./core.js";
import { COLORS, DASHES, legend, linePath, scale, setText, svg, ticksBetween } from "./chart.js";
import {
  captionElement, choiceButtons, explorerRoot, formatValue, h, injectStyle, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "SigmoidGradientExplorer";
export const QUANTITIES = ["ŷ", "∂L_CE/∂z", "∂L_½MSE/∂z", "ratio CE/½MSE", "CE [nats]", "½MSE"];

const signed = (x, digits = 4) => (x >= 0 ? "+" : "−") + formatValue(Math.abs(x), digits);
const SUPERSCRIPTS = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const power10 = (e) => (e === 0 ? "1" : `10${String(e).replace(/[-\d]/g, (c) => SUPERSCRIPTS[c])}`);

/** The numbers the explorer shows for a state {z, y}: SigmoidGradientExplorer.readouts in Python. */
export function readouts(state) {
  const z = Number(state.z);
  const t = Number(state.y);
  const yhat = sigmoid(z);
  const ce = binary_cross_entropy_with_logits(z, t);
  const mse = 0.5 * (yhat - t) ** 2;
  const gce = sigmoid_bce(z, t);
  const gmse = sigmoid_mse(z, t);
  const s = yhat * (1 - yhat);
  const ratio = s > 0 ? 1.0 / s : Infinity;
  return { "ŷ": yhat, "∂L_CE/∂z": gce, "∂L_½MSE/∂z": gmse, "ratio CE/½MSE": ratio, "CE [nats]": ce, "½MSE": mse };
}

/** An empty chart: axes, ticks ({v, label}) and labels, a clipped plotting group; optional right axis. */
function frame({ width, height, m, xlim, ylim, yticks, xlabel, ylabel, right = null }) {
  const root = svg("svg", { class: "ln-chart", viewBox: `0 0 ${width} ${height}`, role: "img" });
  const x = scale(xlim[0], xlim[1], m.left, width - m.right);
  const y = scale(ylim[0], ylim[1], height - m.bottom, m.top);
  const clipId = `ln-clip-${Math.random().toString(36).slice(2, 9)}`;
  svg("rect", { x: m.left, y: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom },
    svg("clipPath", { id: clipId }, svg("defs", {}, root)));
  for (const tk of ticksBetween(xlim[0], xlim[1])) {
    svg("line", { x1: x(tk), x2: x(tk), y1: height - m.bottom, y2: height - m.bottom + 4, class: "ln-axis" }, root);
    setText(svg("text", { x: x(tk), y: height - m.bottom + 16, "text-anchor": "middle" }, root), String(tk).replace("-", "−"));
  }
  for (const { v, label } of yticks) {
    svg("line", { x1: m.left - 4, x2: m.left, y1: y(v), y2: y(v), class: "ln-axis" }, root);
    setText(svg("text", { x: m.left - 7, y: y(v) + 4, "text-anchor": "end" }, root), label);
  }
  svg("line", { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom, class: "ln-axis" }, root);
  svg("line", { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom, class: "ln-axis" }, root);
  setText(svg("text", { x: (m.left + width - m.right) / 2, y: height - 6, "text-anchor": "middle" }, root), xlabel);
  setText(svg("text", { transform: `translate(12 ${(m.top + height - m.bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, root), ylabel);
  let y2 = null;
  if (right) {
    y2 = scale(right.ylim[0], right.ylim[1], height - m.bottom, m.top);
    const xr = width - m.right;
    svg("line", { x1: xr, x2: xr, y1: m.top, y2: height - m.bottom, class: "ln-axis" }, root);
    for (const { v, label } of right.yticks) {
      svg("line", { x1: xr, x2: xr + 4, y1: y2(v), y2: y2(v), class: "ln-axis" }, root);
      setText(svg("text", { x: xr + 7, y: y2(v) + 4, "text-anchor": "start" }, root), label);
    }
    setText(svg("text", { transform: `translate(${width - 8} ${(m.top + height - m.bottom) / 2}) rotate(90)`, "text-anchor": "middle" }, root),
      right.ylabel);
  }
  const plot = svg("g", { "clip-path": `url(#${clipId})` }, root);
  return { svg: root, x, y, y2, plot, top: m.top, bottom: height - m.bottom, left: m.left, right: width - m.right };
}

// log10 |g| on the gradient chart's axis (10⁻⁵ … 2); below it the curve breaks off (NaN) instead of
// running along the bottom edge.
const LOG_YLIM = [-5, Math.log10(2)];
const logSize = (g) => { const v = Math.log10(Math.abs(g)); return v >= LOG_YLIM[0] ? v : NaN; };

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const [lo, hi] = model.get("zlim").map(Number);
  const state = () => ({ z: model.get("z"), y: model.get("y") });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: cross-entropy against ½MSE for a sigmoid output"));
  const set = setter(model);
  const nats = t("nats");

  const zSlider = numberSlider({ symbol: "z", unit: "nats", min: lo, max: hi, step: 0.1, value: model.get("z"), t,
    onChange: (v) => set("z", v) });
  const target = choiceButtons({ legend: t("target"), options: [{ value: 0, label: "y = 0" }, { value: 1, label: "y = 1" }],
    value: model.get("y"), onChange: (v) => set("y", v) });
  zSlider.element.style.flex = "2 1 16em";

  // Every curve is computed once, for both targets: a change of z only moves the markers.
  const N = 401;
  const grid = Array.from({ length: N }, (_, i) => lo + ((hi - lo) * i) / (N - 1));
  const curves = [0, 1].map((tt) => {
    const ys = grid.map(() => tt);
    const yhat = sigmoid(grid);
    return {
      ce: binary_cross_entropy_with_logits(grid, ys),
      mse: yhat.map((p) => 0.5 * (p - tt) ** 2),
      gce: sigmoid_bce(grid, ys).map(logSize),
      gmse: sigmoid_mse(grid, ys).map(logSize),
    };
  });

  // Left chart: cross-entropy (left axis, nats) and ½MSE (right axis, unitless) against z.
  const ceMax = Math.max(Math.abs(lo), Math.abs(hi)) + 0.5;
  const lossF = frame({ width: 380, height: 250, m: { left: 46, right: 46, top: 12, bottom: 42 }, xlim: [lo, hi],
    ylim: [0, ceMax], yticks: ticksBetween(0, ceMax, 4).map((v) => ({ v, label: String(v) })),
    xlabel: t("logit z [{unit}]", { unit: nats }), ylabel: t("cross-entropy [{unit}]", { unit: nats }),
    right: { ylim: [0, 0.55], yticks: [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((v) => ({ v, label: String(v) })),
      ylabel: t("½(ŷ − y)²  [unitless]") } });
  const lossVline = svg("line", { y1: lossF.top, y2: lossF.bottom, stroke: COLORS.grey, "stroke-dasharray": "2 3", "stroke-width": 1.2 }, lossF.plot);
  const ceLine = svg("path", { fill: "none", stroke: COLORS.p, "stroke-width": 2.2, "stroke-dasharray": DASHES[0] }, lossF.plot);
  const mseLine = svg("path", { fill: "none", stroke: COLORS.accent, "stroke-width": 2.2, "stroke-dasharray": DASHES[1] }, lossF.plot);
  const ceDot = svg("circle", { r: 4.5, fill: COLORS.p, stroke: "#000", "stroke-width": 0.8 }, lossF.plot);
  const mseDot = svg("rect", { width: 8, height: 8, fill: COLORS.accent, stroke: "#000", "stroke-width": 0.8 }, lossF.plot);
  const lossLegend = legend(lossF.svg, [
    { label: t("CE [{unit}], left axis", { unit: nats }), color: COLORS.p, dash: DASHES[0] },
    { label: t("½MSE, right axis"), color: COLORS.accent, dash: DASHES[1] },
  ], lossF.left + 8, lossF.top + 8);

  // Right chart: |∂L/∂z| on a log scale.
  const gradF = frame({ width: 380, height: 250, m: { left: 52, right: 12, top: 12, bottom: 42 }, xlim: [lo, hi],
    ylim: LOG_YLIM, yticks: [-5, -4, -3, -2, -1, 0].map((e) => ({ v: e, label: power10(e) })),
    xlabel: t("logit z [{unit}]", { unit: nats }), ylabel: t("|∂L/∂z|  (log scale)") });
  const gradVline = svg("line", { y1: gradF.top, y2: gradF.bottom, stroke: COLORS.grey, "stroke-dasharray": "2 3", "stroke-width": 1.2 }, gradF.plot);
  const gceLine = svg("path", { fill: "none", stroke: COLORS.p, "stroke-width": 2.2, "stroke-dasharray": DASHES[0] }, gradF.plot);
  const gmseLine = svg("path", { fill: "none", stroke: COLORS.accent, "stroke-width": 2.2, "stroke-dasharray": DASHES[1] }, gradF.plot);
  const gceDot = svg("circle", { r: 4.5, fill: COLORS.p, stroke: "#000", "stroke-width": 0.8 }, gradF.plot);
  const gmseDot = svg("rect", { width: 8, height: 8, fill: COLORS.accent, stroke: "#000", "stroke-width": 0.8 }, gradF.plot);
  // The legend sits low in the middle, which neither target's curves reach.
  legend(gradF.svg, [
    { label: "CE: |ŷ − y|", color: COLORS.p, dash: DASHES[0] },
    { label: "½MSE: |ŷ − y|·ŷ(1 − ŷ)", color: COLORS.accent, dash: DASHES[1] },
  ], (gradF.left + gradF.right) / 2 - 80, gradF.bottom - 26);

  const panel = readoutPanel(QUANTITIES,
    ["ŷ = σ(z)", "∂L_CE/∂z", "∂L_½MSE/∂z", t("ratio CE/½MSE"), t("CE [{unit}]", { unit: nats }), "½MSE"]);

  for (const chart of [lossF.svg, gradF.svg]) { chart.style.flex = "1 1 300px"; chart.style.maxWidth = "365px"; }
  root.append(...[titleEl, h("div", { class: "ln-controls" }, zSlider.element, target.element),
    h("div", { class: "ln-controls" }, lossF.svg, gradF.svg), panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownTarget = null;
  function update() {
    const s = state();
    const tt = Number(s.y);
    if (tt !== shownTarget) {
      const c = curves[tt];
      ceLine.setAttribute("d", linePath(grid, c.ce, lossF.x, lossF.y));
      mseLine.setAttribute("d", linePath(grid, c.mse, lossF.x, lossF.y2));
      gceLine.setAttribute("d", linePath(grid, c.gce, gradF.x, gradF.y));
      gmseLine.setAttribute("d", linePath(grid, c.gmse, gradF.x, gradF.y));
      // The loss legend sits where the curves are not: top right for y = 1, top left for y = 0.
      lossLegend.setAttribute("transform", tt === 1 ? `translate(${lossF.right - lossF.left - 150} 0)` : "");
      shownTarget = tt;
    }
    const z = Number(s.z);
    const v = readouts(s);
    const xz = lossF.x(z), xg = gradF.x(z);
    lossVline.setAttribute("x1", xz); lossVline.setAttribute("x2", xz);
    gradVline.setAttribute("x1", xg); gradVline.setAttribute("x2", xg);
    ceDot.setAttribute("cx", xz); ceDot.setAttribute("cy", lossF.y(v["CE [nats]"]));
    mseDot.setAttribute("x", xz - 4); mseDot.setAttribute("y", lossF.y2(v["½MSE"]) - 4);
    gceDot.setAttribute("cx", xg); gceDot.setAttribute("cy", gradF.y(Math.log10(Math.max(Math.abs(v["∂L_CE/∂z"]), 1e-300))));
    gmseDot.setAttribute("x", xg - 4);
    gmseDot.setAttribute("y", gradF.y(Math.log10(Math.max(Math.abs(v["∂L_½MSE/∂z"]), 1e-300))) - 4);
    const texts = {
      "ŷ": formatValue(v["ŷ"]), "∂L_CE/∂z": signed(v["∂L_CE/∂z"]), "∂L_½MSE/∂z": signed(v["∂L_½MSE/∂z"]),
      "ratio CE/½MSE": formatValue(v["ratio CE/½MSE"], 1), "CE [nats]": formatValue(v["CE [nats]"]), "½MSE": formatValue(v["½MSE"]),
    };
    panel.set(v, texts);
    const zText = formatValue(z, 1);
    lossF.svg.setAttribute("aria-label", t("Line chart of the losses against the logit z for y = {y}: at z = {z} {unit}, cross-entropy = {ce} {unit} and ½MSE = {mse}.",
      { y: tt, z: zText, unit: nats, ce: texts["CE [nats]"], mse: texts["½MSE"] }));
    gradF.svg.setAttribute("aria-label", t("Line chart of the gradient sizes |∂L/∂z| against z, log scale, for y = {y}: at z = {z} {unit}, cross-entropy {gce} and ½MSE {gmse}.",
      { y: tt, z: zText, unit: nats, gce: formatValue(Math.abs(v["∂L_CE/∂z"])), gmse: formatValue(Math.abs(v["∂L_½MSE/∂z"])) }));
    setState(root, s);
  }
  update();
  const onZ = () => { zSlider.set(model.get("z")); update(); };
  const onY = () => { target.set(model.get("y")); update(); };
  model.on("change:z", onZ);
  model.on("change:y", onY);
  return () => { model.off("change:z", onZ); model.off("change:y", onY); };
}

export default { render };
