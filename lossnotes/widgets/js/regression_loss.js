// RegressionLossExplorer in the browser: L2, L1, Smooth L1 (β) and Huber (δ = β) against the error
// e, with a dot on each at the slider's e (the Python class:
// lossnotes.widgets.regression.RegressionLossExplorer).
//
// Shown in the app (notebooks/app.ipynb); the losses are introduced in notebook 07_regression_losses.
import { huber_loss, l1_loss, smooth_l1_loss } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame, svg } from "./chart.js";
import {
  captionElement, explorerRoot, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "RegressionLossExplorer";
export const QUANTITIES = ["L2 (MSE)", "L1", "Smooth L1 (β)", "Huber (δ = β)"];
// The unit of each loss: Huber = β · Smooth L1 carries one more unit of y.
const UNITS = [N_("(units of y)²"), N_("units of y"), N_("units of y"), N_("(units of y)²")];
const STYLE = [
  { color: COLORS.accent, dash: DASHES[0] }, { color: COLORS.p, dash: DASHES[1] },
  { color: COLORS.m, dash: DASHES[2] }, { color: COLORS.purple, dash: DASHES[3] },
];

/** The four losses of the errors `e` (an array) with β = δ = beta, as arrays in QUANTITIES order. */
export function curves(e, beta) {
  const zero = e.map(() => 0.0);
  return [
    e.map((v) => (v - 0.0) * (v - 0.0)),
    l1_loss(e, zero, "none"),
    smooth_l1_loss(e, zero, "none", beta),
    huber_loss(e, zero, "none", beta),
  ];
}

/** The numbers the explorer shows for a state {beta, error}: RegressionLossExplorer.readouts. */
export function readouts(state) {
  const at = curves([Number(state.error)], Number(state.beta));
  return Object.fromEntries(QUANTITIES.map((k, i) => [k, at[i][0]]));
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const state = () => ({ beta: model.get("beta"), error: model.get("error") });
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: regression losses against the error"));
  const set = setter(model);
  const bSlider = numberSlider({ symbol: "β = δ", unit: N_("units of y"), min: 0.1, max: 3, step: 0.1,
    value: model.get("beta"), t, onChange: (v) => set("beta", v) });
  const eSlider = numberSlider({ symbol: t("error e"), unit: N_("units of y"), min: -3, max: 3, step: 0.1,
    value: model.get("error"), t, onChange: (v) => set("error", v) });
  const controls = h("fieldset", {}, h("legend", { text: t("Parameters") }), bSlider.element, eSlider.element);

  const frame = plotFrame({ width: 460, height: 270, xlim: [-3, 3], ylim: [0, 4],
    xlabel: t("error e = prediction − target [units of y]"), ylabel: t("loss for one sample"), margins: { left: 44 } });
  const { x: X, plot } = frame;
  const Y = (v) => frame.y(0) + ((frame.y(4) - frame.y(0)) * v) / 4; // unclamped: the plot area clips
  const grid = Array.from({ length: 401 }, (_, i) => -3 + (6 * i) / 400);
  const paths = STYLE.map((st) => svg("path", { fill: "none", stroke: st.color, "stroke-width": 2.2,
    "stroke-dasharray": st.dash }, plot));
  const dots = STYLE.map((st) => svg("circle", { r: 4.5, fill: st.color, stroke: "#000", "stroke-width": 0.8 }, plot));
  legend(frame.svg, QUANTITIES.map((k, i) => ({ label: k, ...STYLE[i] })), frame.left + 120, frame.top + 8);
  const panel = readoutPanel(QUANTITIES);
  root.append(...[titleEl, controls, frame.svg, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  let shownBeta = null;
  function update() {
    const s = state();
    const beta = Number(s.beta), e = Number(s.error);
    if (beta !== shownBeta) {
      curves(grid, beta).forEach((ys, i) => paths[i].setAttribute("d", linePath(grid, ys, X, Y)));
      shownBeta = beta;
    }
    const v = readouts(s);
    QUANTITIES.forEach((k, i) => {
      dots[i].setAttribute("cx", X(e));
      dots[i].setAttribute("cy", Y(v[k]));
    });
    const texts = Object.fromEntries(QUANTITIES.map((k, i) => [k, `${formatValue(v[k])} ${t(UNITS[i])}`]));
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t("Line chart of the four regression losses against the error, with β = δ = {beta}; at e = {e}: {values}.", {
      beta: formatValue(beta, 1), e: formatValue(e, 1), values: QUANTITIES.map((k) => `${k} = ${texts[k]}`).join("; ") }));
    setState(root, s);
  }
  update();
  const onBeta = () => { bSlider.set(model.get("beta")); update(); };
  const onError = () => { eSlider.set(model.get("error")); update(); };
  model.on("change:beta", onBeta);
  model.on("change:error", onError);
  return () => { model.off("change:beta", onBeta); model.off("change:error", onError); };
}

export default { render };
