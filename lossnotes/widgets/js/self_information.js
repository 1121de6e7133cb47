// SelfInformationExplorer in the browser: a slider for p and the surprise I(p) = -log p read off
// curves in bits, nats and hartleys at once (the Python class:
// lossnotes.widgets.entropy.SelfInformationExplorer).
//
// Introduced in notebook 01_self_information.
import { self_information } from "./core.js";
import { COLORS, DASHES, legend, linePath, plotFrame, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, follow, formatValue, h, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "SelfInformationExplorer";
const UNITS = ["bits", "nats", "hartleys"];
const FORMULAS = { bits: "−log₂ p", nats: "−ln p", hartleys: "−log₁₀ p" };
const UNIT_COLORS = { bits: COLORS.p, nats: COLORS.q, hartleys: COLORS.m };
const UNIT_DASHES = { bits: DASHES[0], nats: DASHES[1], hartleys: DASHES[2] };
/** The quantities of all three units; an explorer shows those of its `units`. */
export const QUANTITIES = UNITS.map((u) => `I(p) in ${u}`);

/** The numbers the explorer shows for a state {p, units}: SelfInformationExplorer.readouts in Python. */
export function readouts(state) {
  const units = state.units || UNITS;
  const out = {};
  for (const u of units) out[`I(p) in ${u}`] = self_information([state.p], u)[0];
  return out;
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const set = setter(model);
  const units = model.get("units");
  const ymax = model.get("ymax");
  const keys = units.map((u) => `I(p) in ${u}`);
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: self-information"));
  const state = () => ({ p: model.get("p"), units });

  const slider = numberSlider({ symbol: "p", unit: N_("probability"), min: 0, max: 1, step: 0.005, digits: 3,
    value: model.get("p"), t, onChange: (v) => set("p", v) });

  const frame = plotFrame({
    width: 440, height: 250, xlim: [0, 1], ylim: [0, ymax],
    xlabel: t("probability p of the outcome"),
    ylabel: t("information I(p)  [{units}]", { units: units.map((u) => t(u)).join(" / ") }),
  });
  // The curves are fixed: drawn once.
  const xs = Array.from({ length: 400 }, (_, i) => (i + 1) / 400);
  for (const u of units) {
    const ys = self_information(xs, u);
    svg("path", { d: linePath(xs, ys, frame.x, frame.y), fill: "none", stroke: UNIT_COLORS[u], "stroke-width": 2.5,
      "stroke-dasharray": UNIT_DASHES[u] }, frame.plot);
  }
  const vline = svg("line", { y1: frame.top, y2: frame.bottom, stroke: COLORS.grey, "stroke-dasharray": "2 3" }, frame.plot);
  const markers = units.map((u) => svg("circle", { r: 5, fill: UNIT_COLORS[u], stroke: "#fff", "stroke-width": 1.5 }, frame.plot));
  legend(frame.svg, units.map((u) => ({ label: `I(p) = ${FORMULAS[u]}  [${t(u)}]`, color: UNIT_COLORS[u], dash: UNIT_DASHES[u] })),
    frame.right - 215, frame.top + 10);
  frame.svg.style.maxWidth = "560px";
  const infText = svg("text", { x: frame.left + 8, y: frame.top + 14 }, frame.svg);

  // The keys are the quantities' names (data-quantity); the labels shown are translated.
  const panel = readoutPanel(keys, units.map((u) => t("I(p) in {unit}", { unit: t(u) })));
  root.append(...[titleEl, slider.element, frame.svg, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const v = readouts(s);
    const px = frame.x(s.p);
    vline.setAttribute("x1", px);
    vline.setAttribute("x2", px);
    units.forEach((u, i) => {
      const val = v[keys[i]];
      markers[i].setAttribute("cx", px);
      markers[i].setAttribute("cy", frame.y(Math.min(val, ymax * 1.2)));
      markers[i].setAttribute("visibility", Number.isFinite(val) && val <= ymax ? "visible" : "hidden");
    });
    setText(infText, s.p === 0 ? t("p = 0: an impossible event, I = ∞ in every unit") : "");
    const texts = Object.fromEntries(keys.map((k, i) => [k, `${formatValue(v[k])} ${t(units[i])}`]));
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t("Curves of the self-information I(p); at p = {p}: {values}.", {
      p: formatValue(s.p, 3), values: keys.map((k) => texts[k]).join(", ") }));
    setState(root, s);
  }
  update();
  return follow(model, { p: slider }, update);
}

export default { render };
