// NormalFitExplorer in the browser: one normal q = N(μ, σ²) against a two-peaked mixture p, both
// discretised on a grid, with KL(p‖q) and KL(q‖p) in nats (the Python class:
// lossnotes.widgets.divergence.NormalFitExplorer).
//
// Introduced in notebook 04_kl_and_js_divergence.
import { discretised_normal, gaussian_linspace, kl_divergence, two_peak_mixture } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "NormalFitExplorer";
export const QUANTITIES = ["KL(p‖q)", "KL(q‖p)"];

const GRIDS = new Map();
/** The grid and the target mixture of a state, computed once per (grid, mixture). */
function target(state) {
  const key = JSON.stringify([state.grid, state.separation, state.weight, state.width ?? 1]);
  if (!GRIDS.has(key)) {
    const x = gaussian_linspace(...state.grid);
    GRIDS.clear();
    GRIDS.set(key, { x, p: two_peak_mixture(x, state.separation, state.weight, state.width ?? 1) });
  }
  return GRIDS.get(key);
}

/** The numbers the explorer shows for a state {mu, sigma, grid, separation, weight, width}: NormalFitExplorer.readouts. */
export function readouts(state) {
  const { x, p } = target(state);
  const q = discretised_normal(x, state.mu, state.sigma);
  return { "KL(p‖q)": kl_divergence(p, q, "nats"), "KL(q‖p)": kl_divergence(q, p, "nats") };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const data = {
    grid: model.get("grid"), separation: model.get("separation"), weight: model.get("weight"),
    width: model.get("width"),
  };
  const state = () => ({ mu: model.get("mu"), sigma: model.get("sigma"), ...data });
  const { x, p } = target(state());
  const dx = x[1] - x[0];
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: one normal q against the two-peaked mixture p"));
  const set = setter(model);
  const unit = N_("units of x");
  const muSlider = numberSlider({ symbol: "μ", unit, min: -6, max: 6, step: 0.1, value: model.get("mu"), t, onChange: (v) => set("mu", v) });
  const sigmaSlider = numberSlider({ symbol: "σ", unit, min: 0.5, max: 5, step: 0.1, value: model.get("sigma"), t, onChange: (v) => set("sigma", v) });
  const controls = h("fieldset", {}, h("legend", { text: t("q = N(μ, σ²)") }), muSlider.element, sigmaSlider.element);

  const xlim = model.get("xlim"), ylim = model.get("ylim");
  const frame = plotFrame({ width: 460, height: 250, xlim, ylim, xlabel: "x",
    ylabel: t("probability density (per unit of x)"), margins: { left: 50 } });
  // Only the points inside the x range are drawn (the grid reaches far into the tails).
  const shown = [];
  x.forEach((xi, i) => { if (xi >= xlim[0] - dx && xi <= xlim[1] + dx) shown.push(i); });
  const xsShown = shown.map((i) => x[i]);
  svg(frame, "path", { d: linePath(xsShown, shown.map((i) => p[i] / dx), frame.x, frame.y), fill: "none", stroke: COLORS.p, "stroke-width": 2.5 });
  const qPath = svg(frame, "path", { fill: "none", stroke: COLORS.q, "stroke-width": 2, "stroke-dasharray": DASHES[1] });
  legend(frame.svg, [{ label: t("p (target mixture)"), color: COLORS.p, dash: DASHES[0] },
    { label: "q = N(μ, σ²)", color: COLORS.q, dash: DASHES[1] }], frame.left + 10, frame.top + 10);

  const panel = readoutPanel(QUANTITIES);
  root.append(...[titleEl, h("div", { class: "ln-controls" }, controls),
    h("div", { style: "max-width: 560px;" }, frame.svg), panel.element, captionElement(model)]
    .filter(Boolean));
  el.replaceChildren(root);

  const nats = t("nats");
  function update() {
    const s = state();
    const q = discretised_normal(x, s.mu, s.sigma);
    qPath.setAttribute("d", linePath(xsShown, shown.map((i) => q[i] / dx), frame.x, frame.y));
    const v = { "KL(p‖q)": kl_divergence(p, q, "nats"), "KL(q‖p)": kl_divergence(q, p, "nats") };
    const texts = Object.fromEntries(QUANTITIES.map((k) => [k, `${formatValue(v[k])} ${nats}`]));
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t("Densities of the mixture p and of q = N(μ = {mu}, σ = {sigma}): KL(p‖q) = {fwd}, KL(q‖p) = {rev}.",
      { mu: s.mu.toFixed(1), sigma: s.sigma.toFixed(1), fwd: texts["KL(p‖q)"], rev: texts["KL(q‖p)"] }));
    setState(root, s);
  }
  update();
  const onMu = () => { muSlider.set(model.get("mu")); update(); };
  const onSigma = () => { sigmaSlider.set(model.get("sigma")); update(); };
  model.on("change:mu", onMu);
  model.on("change:sigma", onSigma);
  return () => { model.off("change:mu", onMu); model.off("change:sigma", onSigma); };
}

function svg(frame, tag, attrs) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  frame.plot.appendChild(el);
  return el;
}

export default { render };
