// DistillationGradientExplorer in the browser: the soft-target gradient (q - p)/T across
// temperatures, T² times it next to the logit-matching limit (z - v)/C, and the gradient norm with
// and without T² (the Python class: lossnotes.widgets.distillation.DistillationGradientExplorer).
//
// Introduced in notebook 08_knowledge_distillation.
import { distill_norm, distillation, distillation_high_temperature_limit } from "./core.js";
import { COLORS, DASHES, linePath, plotFrame, scale, setText, svg, ticksBetween } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";
import { chartBox, geomspace, rebuildOn } from "./temperature.js";

export const NAME = "DistillationGradientExplorer";
export const QUANTITIES = ["|grad|", "T^2 |grad|", "rel. error"];
const UNIT = N_("dimensionless");

/** The numbers the explorer shows for {T, student_logits, teacher_logits}: the Python readouts. */
export function readouts(state) {
  const { T, student_logits: z, teacher_logits: v } = state;
  const g = distillation(z, v, T);
  const norm = distill_norm(g);
  const approx = distillation_high_temperature_limit(z, v, T);
  const rel = norm > 0 ? distill_norm(g.map((gi, i) => gi - approx[i])) / norm : 0;
  return { "|grad|": norm, "T^2 |grad|": norm * T * T, "rel. error": rel };
}

/** Python's f"{x:.3e}": 1.234e-03. */
function exp3(x) {
  const [m, e] = x.toExponential(3).split("e");
  const k = Number(e);
  return `${m}e${k < 0 ? "-" : "+"}${String(Math.abs(k)).padStart(2, "0")}`;
}

/** Powers of ten inside [lo, hi] (with 2 and 5 times them when there are few), for a log axis. */
function logYTicks(lo, hi) {
  const out = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(6));
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out.length > 6 ? out.filter((v) => Number(v.toExponential().split("e")[0]) === 1) : out;
}

const tickText = (v) => (v >= 1e-3 && v < 1e4 ? String(v) : v.toExponential().replace("e+", "e"));

function mount({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const z = model.get("student_logits");
  const v = model.get("teacher_logits");
  const labels = model.get("labels");
  const n = z.length;
  const [lo, hi] = model.get("t_range");
  const state = () => ({ T: model.get("T"), student_logits: z, teacher_logits: v });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: the soft-target gradient across temperatures"));
  const set = setter(model);
  const tSlider = numberSlider({ symbol: "T", unit: UNIT, min: lo, max: hi, step: 0.5, value: model.get("T"), t,
    onChange: (x) => set("T", x) });

  // Precomputed once: the gradient over a grid of temperatures (for the fixed axes and the curves).
  const grid = geomspace(lo, hi, 200);
  const gGrid = grid.map((T) => distillation(z, v, T));
  const norms = gGrid.map(distill_norm);
  const scaled = norms.map((x, i) => x * grid[i] * grid[i]);
  const limit = distillation_high_temperature_limit(z, v, 1.0);

  // Left: per class, T²·∂ℓ/∂z (exact, solid blue) and the limit (z − v)/C (orange, dashed outline).
  const W = 380, H = 240, left = 50, right = 10, top = 34, bottom = 40;
  let bmin = Math.min(0, ...limit), bmax = Math.max(0, ...limit);
  gGrid.forEach((g, j) => g.forEach((gi) => {
    const b = gi * grid[j] * grid[j];
    if (b < bmin) bmin = b;
    if (b > bmax) bmax = b;
  }));
  const pad = 0.1 * ((bmax - bmin) || 1);
  const y = scale(bmin - pad, bmax + pad, H - bottom, top);
  const bars = svg("svg", { class: "ln-chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  for (const tk of ticksBetween(bmin - pad, bmax + pad, 4)) {
    svg("line", { x1: left - 4, x2: left, y1: y(tk), y2: y(tk), class: "ln-axis" }, bars);
    setText(svg("text", { x: left - 7, y: y(tk) + 4, "text-anchor": "end" }, bars), String(tk));
  }
  svg("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "ln-axis" }, bars);
  svg("line", { x1: left, x2: W - right, y1: y(0), y2: y(0), class: "ln-axis" }, bars);
  const band = (W - right - left) / n;
  const bw = band * 0.38;
  const exactRects = labels.map((lab, i) => {
    const cx = left + band * (i + 0.5);
    const rect = svg("rect", { x: cx - bw, width: bw, fill: COLORS.p }, bars);
    const l = limit[i];
    svg("rect", { x: cx, width: bw, y: y(Math.max(l, 0)), height: Math.abs(y(l) - y(0)), fill: COLORS.q, stroke: "#000",
      "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars);
    setText(svg("text", { x: cx, y: H - bottom + 16, "text-anchor": "middle" }, bars), lab);
    return rect;
  });
  setText(svg("text", { x: (left + W - right) / 2, y: H - 4, "text-anchor": "middle" }, bars), t("class"));
  setText(svg("text", { transform: `translate(12 ${(top + H - bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, bars),
    t("T² · ∂ℓ/∂z_i  [{unit}]", { unit: t("unitless") }));
  svg("rect", { x: left + 4, y: 6, width: 14, height: 10, fill: COLORS.p }, bars);
  setText(svg("text", { x: left + 22, y: 15 }, bars), t("T² · (q − p)/T  (exact)"));
  svg("rect", { x: left + 4, y: 20, width: 14, height: 10, fill: COLORS.q, stroke: "#000", "stroke-width": 0.6, "stroke-dasharray": "3 2" }, bars);
  setText(svg("text", { x: left + 22, y: 29 }, bars), t("limit (z − v)/C"));

  // Right (log-log): ‖∂ℓ/∂z‖ falls like 1/T², T²‖∂ℓ/∂z‖ levels off.
  const positive = [...norms, ...scaled].filter((x) => x > 0);
  const ylo = positive.length ? Math.min(...positive) / 2 : 1e-6;
  const yhi = positive.length ? Math.max(...positive) * 2 : 1;
  const frame = plotFrame({
    width: W, height: H, xlim: [lo, hi], ylim: [ylo, yhi], xlog: true, ylog: true, yticks: [], clipPad: 6,
    xlabel: t("temperature T (log scale)"), ylabel: t("gradient norm [{unit}]", { unit: t("unitless") }),
    margins: { left: 56 },
  });
  const curveChart = frame.svg;
  for (const tk of logYTicks(ylo, yhi)) {
    svg("line", { x1: frame.left - 4, x2: frame.left, y1: frame.y(tk), y2: frame.y(tk), class: "ln-axis" }, curveChart);
    setText(svg("text", { x: frame.left - 7, y: frame.y(tk) + 4, "text-anchor": "end" }, curveChart), tickText(tk));
  }
  const safe = (arr) => arr.map((x) => (x > 0 ? x : NaN));
  svg("path", { d: linePath(grid, safe(norms), frame.x, frame.y), fill: "none", stroke: COLORS.p, "stroke-width": 2 }, frame.plot);
  svg("path", { d: linePath(grid, safe(scaled), frame.x, frame.y), fill: "none", stroke: COLORS.accent, "stroke-width": 2,
    "stroke-dasharray": DASHES[1] }, frame.plot);
  const ptNorm = svg("circle", { r: 4.5, fill: COLORS.p, stroke: "#000", "stroke-width": 0.8 }, frame.plot);
  const ptScaled = svg("circle", { r: 4.5, fill: COLORS.accent, stroke: "#000", "stroke-width": 0.8 }, frame.plot);
  const lg = svg("g", {}, curveChart);
  [["‖∂ℓ/∂z‖", COLORS.p, DASHES[0]], ["T² ‖∂ℓ/∂z‖", COLORS.accent, DASHES[1]]].forEach(([label, color, dash], k) => {
    const lx = frame.left + 8, ly = frame.bottom - 26 + k * 15;
    svg("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, stroke: color, "stroke-width": 2.5, "stroke-dasharray": dash }, lg);
    setText(svg("text", { x: lx + 27, y: ly + 4 }, lg), label);
  });

  const panel = readoutPanel(QUANTITIES, { "|grad|": "‖∂ℓ/∂z‖", "T^2 |grad|": "T²‖∂ℓ/∂z‖", "rel. error": t("error of (z−v)/(CT²)") });
  const chartRow = h("div", { class: "ln-controls" }, chartBox(bars), chartBox(curveChart));
  root.append(...[titleEl, h("div", { class: "ln-controls" }, tSlider.element), chartRow, panel.element,
    captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const st = state();
    const T = st.T;
    const r = readouts(st);
    const g = distillation(z, v, T);
    g.forEach((gi, i) => {
      const b = gi * T * T;
      exactRects[i].setAttribute("y", y(Math.max(b, 0)));
      exactRects[i].setAttribute("height", Math.abs(y(b) - y(0)));
    });
    if (r["|grad|"] > 0) {
      ptNorm.setAttribute("cx", frame.x(T)); ptNorm.setAttribute("cy", frame.y(r["|grad|"]));
      ptScaled.setAttribute("cx", frame.x(T)); ptScaled.setAttribute("cy", frame.y(r["T^2 |grad|"]));
    }
    const texts = {
      // A loss in nats differentiated by a logit in nats: a pure number, shown without a unit.
      "|grad|": exp3(r["|grad|"]),
      "T^2 |grad|": formatValue(r["T^2 |grad|"]),
      "rel. error": `${(100 * r["rel. error"]).toFixed(1)}%`,
    };
    panel.set(r, texts);
    const Ttext = formatValue(T, 1);
    bars.setAttribute("aria-label", t("Bar chart per class of T² · ∂ℓ/∂z at T = {T}: {exact}; the limit (z − v)/C: {limit}.", {
      T: Ttext,
      exact: labels.map((lab, i) => `${lab}: ${formatValue(g[i] * T * T, 3)}`).join(", "),
      limit: labels.map((lab, i) => `${lab}: ${formatValue(limit[i], 3)}`).join(", "),
    }));
    curveChart.setAttribute("aria-label", t("Gradient norm against the temperature T from {lo} to {hi} (log-log); at T = {T}: ‖∂ℓ/∂z‖ = {norm}, T²‖∂ℓ/∂z‖ = {scaled}, error of the limit {error}.", {
      lo, hi, T: Ttext, norm: texts["|grad|"], scaled: texts["T^2 |grad|"], error: texts["rel. error"],
    }));
    setState(root, st);
  }
  update();
  const onT = () => { tSlider.set(model.get("T")); update(); };
  model.on("change:T", onT);
  return () => model.off("change:T", onT);
}

const render = rebuildOn(mount, ["student_logits", "teacher_logits", "labels", "t_range"]);

export default { render };
