// KLPenaltyExplorer in the browser: the maximiser π* ∝ π_ref·exp(r/β) of E_π[r] − β·KL(π‖π_ref)
// over a toy set of responses, as β moves (the Python class: lossnotes.widgets.alignment.KLPenaltyExplorer).
//
// Introduced in notebook 11_kl_in_llm_training.
import { expected_reward, kl_divergence, kl_regularised_optimum } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame, probabilityBars, scale, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, newId, readoutPanel, saveSoon, setState, titled, translator,
} from "./ui.js";

export const NAME = "KLPenaltyExplorer";
export const QUANTITIES = ["E[r]", "KL(π*‖π_ref)", "J(π*)"];
const UNIT = N_("reward units per nat");
const LOG_MIN = -2, LOG_MAX = 2, LOG_STEP = 0.05;

/** The numbers the explorer shows for a state {beta, ref_probs, rewards}: KLPenaltyExplorer.readouts. */
export function readouts(state) {
  const { ref_probs: ref, rewards } = state;
  const { policy, value } = kl_regularised_optimum(ref, rewards, state.beta);
  return {
    "E[r]": expected_reward(policy, rewards),
    "KL(π*‖π_ref)": kl_divergence(policy, ref, "nats"),
    "J(π*)": value,
  };
}

/** β from the slider's log10 position, rounded to 3 significant digits (what the state holds). */
const betaOf = (position) => Number((10 ** position).toPrecision(3));
const positionOf = (beta) => Math.min(LOG_MAX, Math.max(LOG_MIN, beta > 0 ? Math.log10(beta) : LOG_MIN));
const fmtBeta = (beta) => String(Number(beta.toPrecision(3)));

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const labels = model.get("labels");
  const ref = model.get("ref_probs");
  const rewards = model.get("rewards");
  const n = labels.length;
  const state = () => ({ beta: model.get("beta"), ref_probs: ref, rewards });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: the KL penalty and its optimum"));

  // The β slider: a native range input over log10 β, its value and accessible text in β itself.
  const id = newId("beta");
  const name = `β [${t(UNIT)}]`;
  const input = h("input", { type: "range", id, min: LOG_MIN, max: LOG_MAX, step: LOG_STEP, "aria-label": name });
  const out = h("output", { for: id, "aria-hidden": "true" });
  const sliderRow = h("div", { class: "ln-slider" }, h("label", { for: id, text: name, style: "max-width: 10em" }), input, out);
  sliderRow.style.setProperty("--ln-accent", COLORS.q);
  input.addEventListener("input", () => {
    model.set("beta", betaOf(Number(input.value)));
    saveSoon(model);
    update();
  });

  // Left chart: π_ref (solid) and π* (dashed outline) for each response, rewards under the labels.
  const W = 380, H = 240, left = 44, right = 10, top = 30, bottom = 52;
  const { svg: bars, y, band } = probabilityBars({ width: W, height: H, left, right, top, bottom, n });
  const bw = Math.min(band * 0.38, 36);
  const refRects = [], optRects = [];
  labels.forEach((lab, i) => {
    const cx = left + band * (i + 0.5);
    refRects.push(svg("rect", { x: cx - bw, width: bw, fill: COLORS.p }, bars));
    optRects.push(svg("rect", { x: cx, width: bw, fill: COLORS.q, stroke: "#000", "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars));
    setText(svg("text", { x: cx, y: H - bottom + 15, "text-anchor": "middle" }, bars), lab);
    setText(svg("text", { x: cx, y: H - bottom + 30, "text-anchor": "middle" }, bars), `r = ${formatValue(rewards[i], 2)}`);
  });
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, bars), t("response"));
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, bars),
    t("probability"));
  svg("rect", { x: left + 6, y: 8, width: 12, height: 10, fill: COLORS.p }, bars);
  setText(svg("text", { x: left + 22, y: 17 }, bars), "π_ref");
  svg("rect", { x: left + 74, y: 8, width: 12, height: 10, fill: COLORS.q, stroke: "#000", "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars);
  const optLegend = svg("text", { x: left + 90, y: 17 }, bars);

  // Right chart: E[r], KL and J against log10 β (precomputed once), the current β marked.
  const grid = [];
  for (let k = 0; k <= 160; k++) grid.push(LOG_MIN + (k * (LOG_MAX - LOG_MIN)) / 160);
  const curves = grid.map((g) => readouts({ beta: 10 ** g, ref_probs: ref, rewards }));
  const series = QUANTITIES.map((key) => curves.map((v) => v[key]));
  const all = series.flat().filter(Number.isFinite);
  const lo = Math.min(0, ...all), hi = Math.max(...all);
  const pad = 0.05 * (hi - lo || 1);
  const frame = plotFrame({
    width: 380, height: 240, xlim: [LOG_MIN, LOG_MAX], ylim: [lo - pad, hi + pad],
    xlabel: t("log₁₀ β  (β in reward units per nat)"), ylabel: t("reward units; KL in nats"),
    margins: { left: 48, right: 12, top: 12, bottom: 40 },
  });
  const lineColors = [COLORS.p, COLORS.accent, COLORS.m];
  series.forEach((ys, i) => {
    svg("path", { d: linePath(grid, ys, frame.x, frame.y), fill: "none", stroke: lineColors[i], "stroke-width": 2.2,
      "stroke-dasharray": DASHES[i] }, frame.plot);
  });
  const marker = svg("line", { y1: frame.top, y2: frame.bottom, stroke: COLORS.grey, "stroke-width": 1.2 }, frame.plot);
  const dots = QUANTITIES.map((_, i) => svg("circle", { r: 4, fill: lineColors[i], stroke: "#000", "stroke-width": 0.8 }, frame.plot));
  legend(frame.svg, QUANTITIES.map((key, i) => ({ label: key, color: lineColors[i], dash: DASHES[i] })), 250, 22);
  const lines = frame.svg;

  const panel = readoutPanel(QUANTITIES);
  bars.style.flex = "1 1 300px"; lines.style.flex = "1 1 300px"; bars.style.maxWidth = "360px"; lines.style.maxWidth = "360px";
  root.append(...[titleEl, sliderRow, h("div", { class: "ln-controls" }, bars, lines), panel.element,
    captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const beta = s.beta;
    const pos = positionOf(beta);
    input.value = String(pos);
    input.setAttribute("aria-valuetext", `β = ${fmtBeta(beta)} ${t(UNIT)}`);
    out.textContent = fmtBeta(beta);
    const { policy } = kl_regularised_optimum(ref, rewards, beta);
    policy.forEach((pi, i) => {
      refRects[i].setAttribute("y", y(ref[i])); refRects[i].setAttribute("height", y(0) - y(ref[i]));
      optRects[i].setAttribute("y", y(pi)); optRects[i].setAttribute("height", y(0) - y(pi));
    });
    setText(optLegend, `π*  (β = ${fmtBeta(beta)})`);
    const v = readouts(s);
    marker.setAttribute("x1", frame.x(pos)); marker.setAttribute("x2", frame.x(pos));
    QUANTITIES.forEach((key, i) => { dots[i].setAttribute("cx", frame.x(pos)); dots[i].setAttribute("cy", frame.y(v[key])); });
    const texts = {
      "E[r]": formatValue(v["E[r]"]),
      "KL(π*‖π_ref)": `${formatValue(v["KL(π*‖π_ref)"])} ${t("nats")}`,
      "J(π*)": formatValue(v["J(π*)"]),
    };
    panel.set(v, texts);
    const fmt = (arr) => arr.map((x) => formatValue(x, 2)).join(", ");
    bars.setAttribute("aria-label", t("Bar chart of π_ref = ({ref}) and π* = ({opt}) at β = {beta} over the responses {labels}.",
      { ref: fmt(ref), opt: fmt(policy), beta: fmtBeta(beta), labels: labels.join(", ") }));
    lines.setAttribute("aria-label", t("Line chart of E[r], KL(π*‖π_ref) and J(π*) against β; at β = {beta}: {values}.",
      { beta: fmtBeta(beta), values: QUANTITIES.map((k) => `${k} = ${texts[k]}`).join("; ") }));
    setState(root, s);
  }
  update();
  const onBeta = () => update();
  model.on("change:beta", onBeta);
  return () => { model.off("change:beta", onBeta); };
}

export default { render };
