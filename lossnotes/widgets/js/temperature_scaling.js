// TemperatureScalingExplorer in the browser: a classifier's logits divided by a temperature T,
// with the top-label reliability diagram, and the NLL and the ECE against T (the Python class:
// lossnotes.widgets.calibration.TemperatureScalingExplorer).
//
// Introduced in notebook 12_scoring_rules_and_calibration.
import { expected_calibration_error, reliability_curve, softmax, temperature_scaled_nll } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "TemperatureScalingExplorer";
export const QUANTITIES = ["acc", "conf", "NLL", "ECE", "MCE"];
const T_MIN = 0.2, T_MAX = 8, T_STEP = 0.05, BINS_MAX = 30;

function mean(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function argmaxFirst(row) {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
  return best;
}

/** Accuracy, mean confidence, NLL (nats), ECE and MCE of softmax(logits / T): the Python readouts. */
export function readouts(state) {
  const { logits, labels } = state;
  const T = Number(state.T), nBins = Number(state.n_bins);
  const probs = logits.map((row) => softmax(row.map((v) => v / T)));
  return {
    acc: mean(logits.map((row, i) => (argmaxFirst(row) === labels[i] ? 1 : 0))),
    conf: mean(probs.map((row) => Math.max(...row))),
    NLL: temperature_scaled_nll(logits, labels, T),
    ECE: expected_calibration_error(probs, labels, nBins, "l1"),
    MCE: expected_calibration_error(probs, labels, nBins, "max"),
  };
}

const GRID = Array.from({ length: Math.round((T_MAX - T_MIN) / T_STEP) + 1 }, (_, i) => i * T_STEP + T_MIN);

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const logits = model.get("logits"), labels = model.get("labels");
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: temperature scaling and the reliability diagram"));
  const set = setter(model);
  const tSlider = numberSlider({ symbol: "T", unit: "dimensionless", min: T_MIN, max: T_MAX, step: T_STEP,
    value: model.get("T"), t, onChange: (v) => set("T", v) });
  const bSlider = numberSlider({ symbol: "M", unit: "bins", min: 1, max: BINS_MAX, step: 1,
    value: model.get("n_bins"), t, onChange: (v) => set("n_bins", Math.round(v)) });

  // Left: the reliability diagram, BINS_MAX bar pairs made once (unused ones hidden).
  const rel = plotFrame({ width: 340, height: 260, xlim: [0, 1], ylim: [0, 1], xlabel: t("confidence"),
    ylabel: t("accuracy"), margins: { left: 46, bottom: 42 } });
  svg("line", { x1: rel.x(0), y1: rel.y(0), x2: rel.x(1), y2: rel.y(1), stroke: COLORS.grey, "stroke-dasharray": "5 3" }, rel.plot);
  const bars = Array.from({ length: BINS_MAX }, () => ({
    acc: svg("rect", { fill: COLORS.p }, rel.plot),
    gap: svg("rect", { fill: "none", stroke: COLORS.accent, "stroke-width": 1.5, "stroke-dasharray": "3 2" }, rel.plot),
  }));
  const relLegend = svg("g", {}, rel.svg);
  svg("rect", { x: rel.left + 8, y: rel.top + 4, width: 14, height: 10, fill: COLORS.p }, relLegend);
  setText(svg("text", { x: rel.left + 27, y: rel.top + 13 }, relLegend), t("accuracy"));
  svg("rect", { x: rel.left + 8, y: rel.top + 20, width: 14, height: 10, fill: "none", stroke: COLORS.accent,
    "stroke-width": 1.5, "stroke-dasharray": "3 2" }, relLegend);
  setText(svg("text", { x: rel.left + 27, y: rel.top + 29 }, relLegend), t("gap to confidence"));

  // Right: NLL and ECE against T; the NLL curve is fixed, the ECE curve follows the bins.
  const right = plotFrame({ width: 340, height: 260, xlim: [0, T_MAX], ylim: [0, 1.5], xlabel: t("temperature T"),
    margins: { left: 40, bottom: 42 } });
  const nllPath = svg("path", { fill: "none", stroke: COLORS.p, "stroke-width": 2.2 }, right.plot);
  const ecePath = svg("path", { fill: "none", stroke: COLORS.accent, "stroke-width": 2.2, "stroke-dasharray": DASHES[1] }, right.plot);
  const tLine = svg("line", { y1: right.top, y2: right.bottom, stroke: COLORS.grey, "stroke-width": 1.5, "stroke-dasharray": "2 3" }, right.plot);
  legend(right.svg, [{ label: t("NLL [nats]"), color: COLORS.p, dash: DASHES[0] }, { label: "ECE", color: COLORS.accent, dash: DASHES[1] }],
    right.right - 110, right.top + 10);
  // Values above the frame end the line (the scale would clamp them onto its top edge).
  const inFrame = (v) => (v <= 1.55 ? v : NaN);
  nllPath.setAttribute("d", linePath(GRID, GRID.map((T) => inFrame(temperature_scaled_nll(logits, labels, T))), right.x, right.y));

  const panel = readoutPanel(QUANTITIES, { acc: t("accuracy"), conf: t("mean confidence") });
  const charts = h("div", { class: "ln-controls" }, rel.svg, right.svg);
  for (const s of [rel.svg, right.svg]) { s.style.flex = "1 1 300px"; s.style.maxWidth = "380px"; }
  root.append(...[titleEl, h("div", { class: "ln-controls" }, tSlider.element, bSlider.element), charts, panel.element,
    captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownBins = null;
  function eceCurve(nBins) {
    const ys = GRID.map((T) => expected_calibration_error(logits.map((row) => softmax(row.map((v) => v / T))), labels, nBins, "l1"));
    ecePath.setAttribute("d", linePath(GRID, ys.map(inFrame), right.x, right.y));
    shownBins = nBins;
  }

  function update() {
    const s = { T: model.get("T"), n_bins: model.get("n_bins") };
    if (s.n_bins !== shownBins) eceCurve(s.n_bins);
    const full = { ...s, logits, labels };
    const v = readouts(full);
    const curve = reliability_curve(logits.map((row) => softmax(row.map((x) => x / s.T))), labels, s.n_bins);
    const w = (rel.x(1) - rel.x(0)) / s.n_bins;
    bars.forEach((bar, b) => {
      const used = b < s.n_bins && curve.count[b] > 0;
      for (const r of [bar.acc, bar.gap]) r.setAttribute("visibility", used ? "visible" : "hidden");
      if (!used) return;
      const acc = curve.accuracy[b], conf = curve.confidence[b];
      bar.acc.setAttribute("x", rel.x(0) + b * w + w * 0.05);
      bar.acc.setAttribute("width", w * 0.9);
      bar.acc.setAttribute("y", rel.y(acc));
      bar.acc.setAttribute("height", rel.y(0) - rel.y(acc));
      bar.gap.setAttribute("x", rel.x(0) + b * w + w * 0.05);
      bar.gap.setAttribute("width", w * 0.9);
      bar.gap.setAttribute("y", rel.y(Math.max(acc, conf)));
      bar.gap.setAttribute("height", Math.abs(rel.y(acc) - rel.y(conf)));
    });
    tLine.setAttribute("x1", right.x(s.T));
    tLine.setAttribute("x2", right.x(s.T));
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, k === "NLL" ? `${formatValue(v[k])} ${t("nats")}` : formatValue(v[k])]));
    panel.set(v, texts);
    rel.svg.setAttribute("aria-label", t("Reliability diagram at T = {T} with {bins} bins: accuracy {acc}, mean confidence {conf}, ECE {ece}.",
      { T: formatValue(s.T, 2), bins: s.n_bins, acc: formatValue(v.acc, 3), conf: formatValue(v.conf, 3), ece: formatValue(v.ECE, 3) }));
    right.svg.setAttribute("aria-label", t("Line chart of the NLL and the ECE against the temperature; at T = {T}: NLL {nll} nats, ECE {ece}.",
      { T: formatValue(s.T, 2), nll: formatValue(v.NLL, 3), ece: formatValue(v.ECE, 3) }));
    setState(root, full);   // the readouts need the logits and labels too
  }
  update();
  const onT = () => { tSlider.set(model.get("T")); update(); };
  const onBins = () => { bSlider.set(model.get("n_bins")); update(); };
  model.on("change:T", onT);
  model.on("change:n_bins", onBins);
  return () => { model.off("change:T", onT); model.off("change:n_bins", onBins); };
}

export default { render };
