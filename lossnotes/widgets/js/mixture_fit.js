// MixtureFitExplorer in the browser: one normal fitted to a two-peaked mixture by forward KL(p‖q) and by
// reverse KL(q‖p), refitted on every key press by exhaustive search over a grid of candidates
// (precomputed once), in nats (the Python class: lossnotes.widgets.divergence.MixtureFitExplorer).
//
// Introduced in notebook 04_kl_and_js_divergence.
import {
  first_minimum_index, gaussian_linspace, kl_divergence, mixture_peak_count, normal_fit_grid, normal_fit_reverse_minimum,
  normal_fit_surface, two_peak_mixture,
} from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "MixtureFitExplorer";
export const QUANTITIES = [N_("peaks of p"), N_("forward μ"), N_("forward σ"), "KL(p‖q_fwd)", "KL(q_fwd‖p)",
  N_("reverse μ"), N_("reverse σ"), "KL(p‖q_rev)", "KL(q_rev‖p)"];

const FITS = new Map();
/** The candidates of the state's grids (built once per grid: the expensive part). */
function fitFor(state) {
  const key = JSON.stringify([state.grid, state.mus, state.sigmas]);
  if (!FITS.has(key)) {
    if (FITS.size > 4) FITS.clear();
    FITS.set(key, normal_fit_grid(gaussian_linspace(...state.grid), gaussian_linspace(...state.mus),
      gaussian_linspace(...state.sigmas)));
  }
  return FITS.get(key);
}

/** Both fits of a state: the target p and the winning candidates' indices (the reverse one by a bounded search). */
function fits(state) {
  const fit = fitFor(state);
  const p = two_peak_mixture(fit.x, state.separation, state.weight, state.width ?? 1);
  return { fit, p, iF: first_minimum_index(normal_fit_surface(fit, p, "forward")), iR: normal_fit_reverse_minimum(fit, p) };
}

/** The numbers the explorer shows for a state {separation, weight, width, grid, mus, sigmas}: MixtureFitExplorer.readouts. */
export function readouts(state) {
  return valuesOf(state, fits(state));
}

/** The readouts from a state's fits: the winners, and their KLs term by term (not the search's moment formula). */
function valuesOf(state, { fit, p, iF, iR }) {
  const q = (k) => fit.q.subarray(k * fit.n, (k + 1) * fit.n);
  const qF = q(iF), qR = q(iR);
  return {
    "peaks of p": mixture_peak_count(state.separation, state.weight, state.width ?? 1),
    "forward μ": fit.muFlat[iF], "forward σ": fit.sigmaFlat[iF],
    "KL(p‖q_fwd)": kl_divergence(p, qF, "nats"), "KL(q_fwd‖p)": kl_divergence(qF, p, "nats"),
    "reverse μ": fit.muFlat[iR], "reverse σ": fit.sigmaFlat[iR],
    "KL(p‖q_rev)": kl_divergence(p, qR, "nats"), "KL(q_rev‖p)": kl_divergence(qR, p, "nats"),
  };
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const data = { width: model.get("width"), grid: model.get("grid"), mus: model.get("mus"), sigmas: model.get("sigmas") };
  const state = () => ({ separation: model.get("separation"), weight: model.get("weight"), ...data });
  const fit = fitFor(state());
  const x = fit.x, n = fit.n, dx = x[1] - x[0];
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: one normal fitted to a two-peaked mixture by forward and by reverse KL"));
  const set = setter(model);
  const dSlider = numberSlider({ symbol: t("d (peak distance)"), unit: N_("units of x"), min: 0, max: 8, step: 0.1,
    value: model.get("separation"), t, onChange: (v) => set("separation", v) });
  const wSlider = numberSlider({ symbol: t("w (left-peak weight)"), unit: N_("probability"), min: 0.05, max: 0.95, step: 0.05,
    value: model.get("weight"), t, onChange: (v) => set("weight", v) });
  const controls = h("fieldset", {}, h("legend", { text: t("target p") }), dSlider.element, wSlider.element);

  const xlim = model.get("xlim");
  const frame = plotFrame({ width: 460, height: 250, xlim, ylim: [0, 0.55 / data.width], xlabel: "x",
    ylabel: t("probability density (per unit of x)"), margins: { left: 50 } });
  const shown = [];
  for (let i = 0; i < n; i++) if (x[i] >= xlim[0] - dx && x[i] <= xlim[1] + dx) shown.push(i);
  const xsShown = shown.map((i) => x[i]);
  const path = (attrs) => {
    const el2 = document.createElementNS("http://www.w3.org/2000/svg", "path");
    for (const [k, v] of Object.entries({ fill: "none", ...attrs })) el2.setAttribute(k, String(v));
    frame.plot.appendChild(el2);
    return el2;
  };
  const pPath = path({ stroke: COLORS.p, "stroke-width": 2.5 });
  const fwdPath = path({ stroke: COLORS.q, "stroke-width": 2, "stroke-dasharray": DASHES[1] });
  const revPath = path({ stroke: COLORS.accent, "stroke-width": 2, "stroke-dasharray": DASHES[3] });
  legend(frame.svg, [
    { label: t("p: the two-peaked mixture"), color: COLORS.p, dash: DASHES[0] },
    { label: t("q minimising forward KL(p‖q)"), color: COLORS.q, dash: DASHES[1] },
    { label: t("q minimising reverse KL(q‖p)"), color: COLORS.accent, dash: DASHES[3] },
  ], frame.left + 8, frame.top + 8);

  const panel = readoutPanel(QUANTITIES, QUANTITIES.map((k) => t(k)));
  root.append(...[titleEl, h("div", { class: "ln-controls" }, controls),
    h("div", { style: "max-width: 560px;" }, frame.svg), panel.element, captionElement(model)]
    .filter(Boolean));
  el.replaceChildren(root);

  const nats = t("nats");
  const curve = (row) => linePath(xsShown, shown.map((i) => fit.q[row * n + i] / dx), frame.x, frame.y);
  function update() {
    const s = state();
    const result = fits(s);
    const { p, iF, iR } = result;
    const v = valuesOf(s, result);
    pPath.setAttribute("d", linePath(xsShown, shown.map((i) => p[i] / dx), frame.x, frame.y));
    fwdPath.setAttribute("d", curve(iF));
    revPath.setAttribute("d", curve(iR));
    const texts = {};
    for (const k of QUANTITIES) {
      if (k === "peaks of p") texts[k] = String(v[k]);
      else if (k.endsWith("μ") || k.endsWith("σ")) texts[k] = v[k].toFixed(2);
      else texts[k] = `${formatValue(v[k])} ${nats}`;
    }
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t("Densities: the mixture p (peaks {d} apart, left weight {w}), the forward fit μ = {mf}, σ = {sf} and the reverse fit μ = {mr}, σ = {sr}.",
      { d: s.separation.toFixed(1), w: s.weight.toFixed(2), mf: texts["forward μ"], sf: texts["forward σ"],
        mr: texts["reverse μ"], sr: texts["reverse σ"] }));
    setState(root, s);
  }
  update();
  const onD = () => { dSlider.set(model.get("separation")); update(); };
  const onW = () => { wSlider.set(model.get("weight")); update(); };
  model.on("change:separation", onD);
  model.on("change:weight", onW);
  return () => { model.off("change:separation", onD); model.off("change:weight", onW); };
}

export default { render };
