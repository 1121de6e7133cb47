// TemperatureExplorer in the browser: a teacher's logits v softened to p_T = softmax(s·v/T), with
// sliders for T and s, the bars of p_T, and H(p_T) in bits (or each class's probability) against T
// (the Python class: lossnotes.widgets.distillation.TemperatureExplorer).
//
// Introduced in notebook 08_knowledge_distillation (the app uses it too, curves="probabilities").
import { entropy, softmax } from "./core.js";
import { COLORS, DASHES, linePath, plotFrame, probabilityBars, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "TemperatureExplorer";
/** The fixed quantities; then one "p_T(<label>)" per class (see quantities). */
export const QUANTITIES = ["H(p_T)", "s/T"];
const UNIT = N_("dimensionless");

/** Every readout's key for the class names `labels`, in the order readouts() gives them. */
export function quantities(labels) {
  return [...QUANTITIES, ...labels.map((lab) => `p_T(${lab})`)];
}

/** The numbers the explorer shows for a state {T, s, logits, labels}: TemperatureExplorer.readouts. */
export function readouts(state) {
  const { T, s, logits, labels } = state;
  const p = softmax(logits.map((v) => (s * v) / T));
  const out = { "H(p_T)": entropy(p, "bits"), "s/T": s / T };
  labels.forEach((lab, i) => { out[`p_T(${lab})`] = p[i]; });
  return out;
}

/** `n` points from lo to hi, evenly spaced on a log scale (numpy.geomspace). */
export function geomspace(lo, hi, n) {
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: n }, (_, i) => (i === 0 ? lo : i === n - 1 ? hi : Math.exp(a + ((b - a) * i) / (n - 1))));
}

/** A flex cell for a chart: two side by side when there is room, one above the other at 375 px. */
export function chartBox(chart) {
  const box = h("div", {}, chart);
  box.style.cssText = "flex: 1 1 300px; min-width: 0; max-width: 400px;";
  return box;
}

const SERIES_COLORS = [COLORS.p, COLORS.q, COLORS.m, COLORS.purple, COLORS.sky, COLORS.accent, "#000000"];

function mount({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const logits = model.get("logits");
  const labels = model.get("labels");
  const n = logits.length;
  const [lo, hi] = model.get("t_range");
  const mode = model.get("curves") === "probabilities" ? "probabilities" : "entropy";
  const state = () => ({ T: model.get("T"), s: model.get("s"), logits, labels });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: the temperature softmax"));
  const set = setter(model);

  const tSlider = numberSlider({ symbol: "T", unit: UNIT, min: lo, max: hi, step: 0.1, value: model.get("T"), t,
    onChange: (v) => set("T", v) });
  const sSlider = model.get("show_scale")
    ? numberSlider({ symbol: "s", unit: UNIT, min: 0.25, max: 3, step: 0.05, value: model.get("s"), t, onChange: (v) => set("s", v) })
    : null;
  const controls = h("div", { class: "ln-controls" }, tSlider.element, sSlider ? sSlider.element : null);
  tSlider.element.style.flex = "1 1 16em";
  if (sSlider) sSlider.element.style.flex = "1 1 16em";

  // Left: bars of p_T, with the teacher's ordinary output (T = 1, s = 1) as a dashed outline.
  const W = 380, H = 240, left = 44, right = 10, top = 34, bottom = 40;
  const { svg: bars, y, band } = probabilityBars({ width: W, height: H, left, right, top, bottom, n });
  const p1 = softmax(logits);
  const pRects = labels.map((lab, i) => {
    const cx = left + band * (i + 0.5);
    const ow = band * 0.8, bw = band * 0.55;
    svg("rect", { x: cx - ow / 2, width: ow, y: y(p1[i]), height: y(0) - y(p1[i]), fill: "none", stroke: COLORS.grey,
      "stroke-width": 1.2, "stroke-dasharray": "4 2" }, bars);
    const rect = svg("rect", { x: cx - bw / 2, width: bw, fill: COLORS.p }, bars);
    setText(svg("text", { x: cx, y: H - bottom + 16, "text-anchor": "middle" }, bars), lab);
    return rect;
  });
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, bars), t("class"));
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, bars), t("probability"));
  // Legend above the plot: the outline dashed, p_T filled (told apart by fill and dash, not colour alone).
  svg("rect", { x: left + 4, y: 6, width: 14, height: 10, fill: "none", stroke: COLORS.grey, "stroke-width": 1.2, "stroke-dasharray": "4 2" }, bars);
  setText(svg("text", { x: left + 22, y: 15 }, bars), t("teacher at T = 1, s = 1"));
  svg("rect", { x: left + 4, y: 20, width: 14, height: 10, fill: COLORS.p }, bars);
  setText(svg("text", { x: left + 22, y: 29 }, bars), t("p_T (softened)"));

  // Right: H(p_T) in bits against T, or every class's probability against T (log T axis).
  const grid = geomspace(lo, hi, 160);
  const hmax = Math.log2(n);
  const entropyMode = mode === "entropy";
  const ymax = entropyMode ? hmax * 1.08 : 1.02;
  const yticks = entropyMode ? [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6].filter((v) => v <= ymax).filter((v, i, a) => a.length <= 6 || Number.isInteger(v))
    : [0, 0.25, 0.5, 0.75, 1];
  const frame = plotFrame({
    width: W, height: H, xlim: [lo, hi], ylim: [0, ymax], xlog: true, yticks, margins: { left: 50 }, clipPad: 6,
    xlabel: t("temperature T (log scale)"),
    ylabel: entropyMode ? t("entropy H(p_T) [{unit}]", { unit: t("bits") }) : t("probability"),
  });
  const curveChart = frame.svg;
  let curvePaths, markers;
  if (entropyMode) {
    svg("line", { x1: frame.left, x2: frame.right, y1: frame.y(hmax), y2: frame.y(hmax), stroke: COLORS.grey, "stroke-width": 1.2, "stroke-dasharray": DASHES[2] }, curveChart);
    setText(svg("text", { x: frame.left + 6, y: frame.y(hmax) + 14 }, curveChart),
      t("max log2 C = {value} {unit}", { value: hmax.toFixed(3), unit: t("bits") }));
    curvePaths = [svg("path", { fill: "none", stroke: COLORS.p, "stroke-width": 2 }, frame.plot)];
    markers = [svg("circle", { r: 5, fill: COLORS.accent, stroke: "#000", "stroke-width": 0.8 }, frame.plot)];
  } else {
    curvePaths = labels.map((lab, k) => svg("path", { fill: "none", stroke: SERIES_COLORS[k % SERIES_COLORS.length], "stroke-width": 2,
      "stroke-dasharray": DASHES[k % DASHES.length] }, frame.plot));
    markers = labels.map((lab, k) => svg("circle", { r: 4.5, fill: SERIES_COLORS[k % SERIES_COLORS.length], stroke: "#000", "stroke-width": 0.8 }, frame.plot));
    if (n <= 6) {
      const g = svg("g", {}, curveChart);
      labels.forEach((lab, k) => {
        const lx = frame.right - 92, ly = frame.top + 8 + k * 15;
        svg("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, stroke: SERIES_COLORS[k % SERIES_COLORS.length], "stroke-width": 2.5,
          "stroke-dasharray": DASHES[k % DASHES.length] }, g);
        setText(svg("text", { x: lx + 27, y: ly + 4 }, g), `p_T(${lab})`);
      });
    }
  }

  const keys = quantities(labels);
  const panel = readoutPanel(keys);
  const chartRow = h("div", { class: "ln-controls" }, chartBox(bars), chartBox(curveChart));
  root.append(...[titleEl, controls, chartRow, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownS = null;
  function curves(s) {
    // Recomputed only when s changes: the softened distributions over the grid of temperatures.
    const rows = grid.map((T) => softmax(logits.map((v) => (s * v) / T)));
    if (entropyMode) {
      curvePaths[0].setAttribute("d", linePath(grid, rows.map((p) => entropy(p, "bits")), frame.x, frame.y));
    } else {
      curvePaths.forEach((path, k) => path.setAttribute("d", linePath(grid, rows.map((p) => p[k]), frame.x, frame.y)));
    }
    shownS = s;
  }

  function update() {
    const st = state();
    if (st.s !== shownS) curves(st.s);
    const v = readouts(st);
    const p = labels.map((lab) => v[`p_T(${lab})`]);
    p.forEach((pi, i) => { pRects[i].setAttribute("y", y(pi)); pRects[i].setAttribute("height", y(0) - y(pi)); });
    if (entropyMode) {
      markers[0].setAttribute("cx", frame.x(st.T));
      markers[0].setAttribute("cy", frame.y(v["H(p_T)"]));
    } else {
      markers.forEach((mk, k) => { mk.setAttribute("cx", frame.x(st.T)); mk.setAttribute("cy", frame.y(p[k])); });
    }
    const hb = v["H(p_T)"];
    const texts = {
      "H(p_T)": `${formatValue(hb)} ${t("bits")} = ${formatValue(hb * Math.LN2)} ${t("nats")}`,
      "s/T": formatValue(v["s/T"], 3),
    };
    labels.forEach((lab, i) => { texts[`p_T(${lab})`] = formatValue(p[i]); });
    panel.set(v, texts);
    const Ttext = formatValue(st.T, 1), sText = formatValue(st.s, 2);
    const pList = labels.map((lab, i) => `${lab}: ${formatValue(p[i], 3)}`).join(", ");
    bars.setAttribute("aria-label", t("Bar chart of p_T over the classes at T = {T}, s = {s}: {values}.", { T: Ttext, s: sText, values: pList }));
    curveChart.setAttribute("aria-label", entropyMode
      ? t("Entropy H(p_T) against the temperature T from {lo} to {hi}; at T = {T} it is {H} {unit} (maximum log2 C = {max} {unit}).",
        { lo, hi, T: Ttext, H: formatValue(hb, 3), max: hmax.toFixed(3), unit: t("bits") })
      : t("Probabilities p_T of each class against the temperature T from {lo} to {hi}; at T = {T}: {values}.",
        { lo, hi, T: Ttext, values: pList }));
    setState(root, st);
  }
  update();
  const onT = () => { tSlider.set(model.get("T")); update(); };
  const onS = () => { if (sSlider) sSlider.set(model.get("s")); update(); };
  model.on("change:T", onT);
  model.on("change:s", onS);
  return () => { model.off("change:T", onT); model.off("change:s", onS); };
}

/**
 * Mount the explorer, and mount it afresh when Python changes its fixed data (`keys`): the
 * elements are built once per data set, and a slider step only moves them.
 */
export function rebuildOn(mountFn, keys) {
  return ({ model, el }) => {
    let cleanup = mountFn({ model, el });
    const rebuild = () => { cleanup(); cleanup = mountFn({ model, el }); };
    for (const k of keys) model.on(`change:${k}`, rebuild);
    return () => { cleanup(); for (const k of keys) model.off(`change:${k}`, rebuild); };
  };
}

const render = rebuildOn(mount, ["logits", "labels", "t_range", "curves", "show_scale"]);

export default { render };
