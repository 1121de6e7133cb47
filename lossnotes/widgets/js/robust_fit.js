// RobustFitExplorer in the browser: a line fitted to data with outliers under L2, L1, Smooth L1 (β)
// and Huber (δ), refitted on every slider step (the Python class:
// lossnotes.widgets.regression.RobustFitExplorer).  The fits are lossnotes.fitting.fit_line's
// algorithm, step for step (js/maths/regression.js).
//
// Introduced in notebook 07_regression_losses.
import { fit_line } from "./core.js";
import { COLORS, DASHES, plotFrame, scale, setText, svg, ticks } from "./chart.js";
import {
  captionElement, explorerRoot, follow, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "RobustFitExplorer";
export const QUANTITIES = ["slope L2", "slope L1", "slope Smooth L1", "slope Huber", "true slope"];

// The four fits: colour (Okabe–Ito, as the Python picture) and dash (not colour alone).
const FITS = [
  { key: "l2", name: "L2", color: COLORS.accent, dash: DASHES[0] },
  { key: "l1", name: "L1", color: COLORS.p, dash: DASHES[1] },
  { key: "smooth_l1", name: "Smooth L1", color: COLORS.m, dash: DASHES[2] },
  { key: "huber", name: "Huber", color: COLORS.purple, dash: DASHES[3] },
];

function targets(state) {
  const h0 = Number(state.outlier_size);
  return state.y_clean.map((v, i) => v + h0 * (state.is_outlier[i] ? 1.0 : 0.0));
}

/** The four fits of a state, {l2, l1, smooth_l1, huber: {slope, intercept, n_iter}}. */
export function fits(state) {
  const y = targets(state);
  const x = state.x;
  return {
    l2: fit_line(x, y, "l2"),
    l1: fit_line(x, y, "l1"),
    smooth_l1: fit_line(x, y, "smooth_l1", { beta: Number(state.beta) }),
    huber: fit_line(x, y, "huber", { delta: Number(state.delta) }),
  };
}

function fromFits(f, state) {
  const out = {};
  for (const fit of FITS) out[`slope ${fit.name}`] = f[fit.key].slope;
  out["true slope"] = Number(state.true_slope);
  return out;
}

/** The numbers the explorer shows for a state (parameters and data): RobustFitExplorer.readouts. */
export function readouts(state) {
  return fromFits(fits(state), state);
}

const KEYS = ["outlier_size", "beta", "delta", "x", "y_clean", "is_outlier", "true_slope", "true_intercept", "max_outlier"];

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const state = () => Object.fromEntries(KEYS.map((k) => [k, model.get(k)]));
  const s0 = state();
  const { x, y_clean: yClean, is_outlier: isOut } = s0;
  const maxOutlier = Number(s0.max_outlier);
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: fitting a line through outliers"));

  const set = setter(model);
  const hSlider = numberSlider({ symbol: t("h (outlier shift)"), unit: N_("units of y"), min: 0, max: maxOutlier,
    step: 0.5, value: model.get("outlier_size"), t, onChange: (v) => set("outlier_size", v) });
  const bSlider = numberSlider({ symbol: "β (Smooth L1)", unit: N_("units of y"), min: 0.1, max: 5, step: 0.1,
    value: model.get("beta"), t, onChange: (v) => set("beta", v) });
  const dSlider = numberSlider({ symbol: "δ (Huber)", unit: N_("units of y"), min: 0.1, max: 5, step: 0.1,
    value: model.get("delta"), t, onChange: (v) => set("delta", v) });
  hSlider.element.style.setProperty("--ln-accent", COLORS.accent);
  bSlider.element.style.setProperty("--ln-accent", COLORS.m);
  dSlider.element.style.setProperty("--ln-accent", COLORS.purple);
  const controls = h("fieldset", {}, h("legend", { text: t("Parameters") }), hSlider.element, bSlider.element, dSlider.element);

  // Left: the data, the true line and the four fitted lines (fixed axes: the outliers' whole range fits).
  const lo = Math.min(...yClean) - 1.0;
  const hi = Math.max(...yClean) + maxOutlier + 1.0;
  const frame = plotFrame({ width: 460, height: 280, xlim: [0, 10], ylim: [lo, hi],
    xlabel: t("x [units of x]"), ylabel: t("y [units of y]"), margins: { left: 44, bottom: 38 } });
  const { x: X, plot } = frame;
  // Unclamped y (the plot area clips): a fitted line that leaves the axes keeps its slope.
  const Y = (v) => frame.y(lo) + ((frame.y(hi) - frame.y(lo)) * (v - lo)) / (hi - lo);
  const s00 = Number(s0.true_slope), b00 = Number(s0.true_intercept);
  svg("line", { x1: X(0), x2: X(10), y1: Y(b00), y2: Y(s00 * 10 + b00), stroke: "currentColor", "stroke-width": 1,
    "stroke-dasharray": "4 3" }, plot);
  const outlierMarks = [];
  x.forEach((xi, i) => {
    if (isOut[i]) {
      outlierMarks.push([i, svg("rect", { x: X(xi) - 4, width: 8, height: 8, fill: COLORS.accent, stroke: "#000",
        "stroke-width": 0.8 }, plot)]);
    } else {
      svg("circle", { cx: X(xi), cy: Y(yClean[i]), r: 3, fill: COLORS.grey }, plot);
    }
  });
  const fitLines = FITS.map((f) => svg("line", { x1: X(0), x2: X(10), stroke: f.color, "stroke-width": 2.4,
    "stroke-dasharray": f.dash, "stroke-linecap": "butt" }, plot));
  // Legend (top left, two columns): the lines, then the point markers.
  const lg = svg("g", {}, frame.svg);
  const legendTexts = {};
  const items = [...FITS.map((f) => ({ ...f, label: f.name })), { key: "true", color: "currentColor", dash: "4 3", width: 1 }];
  items.forEach((it, i) => {
    const lx = frame.left + 8 + (i % 2) * 175, ly = frame.top + 10 + Math.floor(i / 2) * 15;
    svg("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, stroke: it.color, "stroke-width": it.width || 2.4,
      "stroke-dasharray": it.dash }, lg);
    legendTexts[it.key] = svg("text", { x: lx + 27, y: ly + 4 }, lg);
  });
  setText(legendTexts.l2, "L2 (MSE)");
  setText(legendTexts.l1, "L1 (MAE)");
  setText(legendTexts.true, t("true line"));
  const py = frame.top + 10 + 2 * 15;
  svg("circle", { cx: frame.left + 8 + 175 + 11, cy: py, r: 3, fill: COLORS.grey }, lg);
  setText(svg("text", { x: frame.left + 8 + 175 + 27, y: py + 4 }, lg), t("data"));
  svg("rect", { x: frame.left + 8 + 175 + 7, y: py + 11, width: 8, height: 8, fill: COLORS.accent, stroke: "#000",
    "stroke-width": 0.8 }, lg);
  setText(svg("text", { x: frame.left + 8 + 175 + 27, y: py + 19 }, lg), t("outliers"));

  // Right: the fitted slopes as bars, the true slope as a dashed line.
  const W2 = 250, H2 = 280, l2 = 78, r2 = 14, t2 = 12, b2 = 52;
  const slopes = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W2} ${H2}`, role: "img" });
  const worst = fit_line(x, yClean.map((v, i) => v + maxOutlier * (isOut[i] ? 1.0 : 0.0)), "l2").slope;
  const xmax = 1.25 * Math.max(worst, 2 * s00);
  const xs = scale(0, xmax, l2, W2 - r2);
  const rowH = (H2 - t2 - b2) / FITS.length;
  const bars = FITS.map((f, i) => {
    const yy = t2 + i * rowH + rowH * 0.2;
    setText(svg("text", { x: l2 - 6, y: yy + rowH * 0.45, "text-anchor": "end" }, slopes), f.name);
    return svg("rect", { x: l2, y: yy, height: rowH * 0.6, fill: f.color, stroke: "#000", "stroke-width": 0.6,
      "stroke-dasharray": f.dash }, slopes);
  });
  svg("line", { x1: l2, x2: l2, y1: t2, y2: H2 - b2, class: "ln-axis" }, slopes);
  svg("line", { x1: l2, x2: W2 - r2, y1: H2 - b2, y2: H2 - b2, class: "ln-axis" }, slopes);
  for (const tk of ticks(xmax, 3)) {
    svg("line", { x1: xs(tk), x2: xs(tk), y1: H2 - b2, y2: H2 - b2 + 4, class: "ln-axis" }, slopes);
    setText(svg("text", { x: xs(tk), y: H2 - b2 + 16, "text-anchor": "middle" }, slopes), String(tk));
  }
  svg("line", { x1: xs(s00), x2: xs(s00), y1: t2, y2: H2 - b2, stroke: "currentColor", "stroke-dasharray": "4 3" }, slopes);
  t("fitted slope [y per x]\n(dashed: true slope)").split("\n").forEach((line, i) => {
    setText(svg("text", { x: (l2 + W2 - r2) / 2, y: H2 - b2 + 32 + 14 * i, "text-anchor": "middle" }, slopes), line);
  });

  // The readouts' names as shown (translated); data-quantity keeps the key.
  const panel = readoutPanel(QUANTITIES, QUANTITIES.map((key) =>
    (key.startsWith("slope ") ? t("slope {name}", { name: key.slice(6) }) : t("true slope"))));
  frame.svg.style.flex = "2 1 300px";
  frame.svg.style.maxWidth = "470px";
  frame.svg.style.minWidth = "0";
  slopes.style.flex = "1 1 200px";
  slopes.style.maxWidth = "260px";
  root.append(...[titleEl, controls, h("div", { class: "ln-controls" }, frame.svg, slopes), panel.element,
    captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shown = null;
  function update() {
    const s = state();
    const y = targets(s);
    for (const [i, mark] of outlierMarks) mark.setAttribute("y", Y(y[i]) - 4);
    const f = fits(s);
    const v = fromFits(f, s);
    FITS.forEach((fit, i) => {
      const { slope, intercept } = f[fit.key];
      fitLines[i].setAttribute("y1", Y(intercept));
      fitLines[i].setAttribute("y2", Y(slope * 10 + intercept));
      bars[i].setAttribute("width", Math.max(0, xs(Math.min(slope, xmax)) - l2));
    });
    const thresholds = `${s.beta}|${s.delta}`;
    if (thresholds !== shown) {
      setText(legendTexts.smooth_l1, `Smooth L1 (β = ${Number(s.beta).toFixed(1)})`);
      setText(legendTexts.huber, `Huber (δ = ${Number(s.delta).toFixed(1)})`);
      shown = thresholds;
    }
    const unit = t("y per x");
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k], 3)} ${unit}`]));
    panel.set(v, texts);
    const lines = FITS.map((fit) => t("{name}: slope {slope}, intercept {intercept}", {
      name: fit.name, slope: formatValue(f[fit.key].slope, 3), intercept: formatValue(f[fit.key].intercept, 2) }));
    frame.svg.setAttribute("aria-label", t(
      "Scatter plot of {n} points, {k} of them outliers shifted up by {h} units of y, with the true line and four fitted lines: {lines}.",
      { n: x.length, k: outlierMarks.length, h: formatValue(Number(s.outlier_size), 1), lines: lines.join("; ") }));
    slopes.setAttribute("aria-label", t("Bar chart of the fitted slopes: {values}; true slope {true}.", {
      values: FITS.map((fit) => `${fit.name} ${formatValue(f[fit.key].slope, 3)}`).join(", "),
      true: formatValue(v["true slope"], 3) }));
    setState(root, s);
  }
  update();
  return follow(model, { outlier_size: hSlider, beta: bSlider, delta: dSlider }, update);
}

export default { render };
