// BinaryEntropyExplorer in the browser: the entropy curve of a coin, H(p), with a slider for p and
// a marker at the current coin (the Python class: lossnotes.widgets.entropy.BinaryEntropyExplorer).
//
// Introduced in notebook 02_entropy.
import { binary_entropy, self_information } from "./core.js";
import { COLORS, legend, linePath, plotFrame, setText, svg } from "./chart.js";
import {
  captionElement, explorerRoot, follow, formatValue, injectStyle, N_, numberSlider, readoutPanel, setState, setter, titled, translator,
} from "./ui.js";

export const NAME = "BinaryEntropyExplorer";
export const QUANTITIES = ["H(p) in bits", "H(p) in nats", "I(heads) in bits", "I(tails) in bits"];

/** The numbers the explorer shows for a state {p}: BinaryEntropyExplorer.readouts in Python. */
export function readouts(state) {
  const p = state.p;
  const values = [binary_entropy(p, "bits"), binary_entropy(p, "nats"), self_information([p], "bits")[0],
    self_information([1 - p], "bits")[0]];
  return Object.fromEntries(QUANTITIES.map((k, i) => [k, values[i]]));
}

function render({ model, el }) {
  injectStyle(el.ownerDocument);
  const t = translator(model);
  const set = setter(model);
  const root = explorerRoot(NAME);
  const titleEl = titled(root, model, t("Explorer: the entropy of a coin"));
  const state = () => ({ p: model.get("p") });
  const heads = t("heads"), tails = t("tails");
  const slider = numberSlider({ symbol: `p = P(${heads})`, unit: N_("probability"), min: 0, max: 1, step: 0.01,
    digits: 3, value: model.get("p"), t, onChange: (v) => set("p", v) });

  const frame = plotFrame({ width: 440, height: 240, xlim: [0, 1], ylim: [0, 1.1],
    xlabel: t("probability of heads p"), ylabel: t("entropy H(p)  [{unit}]", { unit: t("bits") }) });
  const xs = Array.from({ length: 401 }, (_, i) => i / 400);
  svg("path", { d: linePath(xs, xs.map((x) => binary_entropy(x)), frame.x, frame.y), fill: "none", stroke: COLORS.p,
    "stroke-width": 2.5 }, frame.plot);
  const vline = svg("line", { y1: frame.top, y2: frame.bottom, stroke: COLORS.grey, "stroke-dasharray": "2 3" }, frame.plot);
  const marker = svg("circle", { r: 6, fill: COLORS.p, stroke: "#000", "stroke-width": 1.2 }, frame.svg);
  legend(frame.svg, [{ label: "H(p) = −p log₂ p − (1−p) log₂(1−p)", color: COLORS.p }], frame.left + 60, frame.bottom - 40);
  const hText = svg("text", { "text-anchor": "middle" }, frame.svg);
  frame.svg.style.maxWidth = "560px";

  const panel = readoutPanel(QUANTITIES, [t("H(p) in {unit}", { unit: t("bits") }), t("H(p) in {unit}", { unit: t("nats") }),
    `I(${heads})`, `I(${tails})`]);
  const units = ["bits", "nats", "bits", "bits"];
  root.append(...[titleEl, slider.element, frame.svg, panel.element, captionElement(model)].filter(Boolean));
  el.replaceChildren(root);

  function update() {
    const s = state();
    const v = readouts(s);
    const hb = v["H(p) in bits"];
    const px = frame.x(s.p);
    vline.setAttribute("x1", px);
    vline.setAttribute("x2", px);
    marker.setAttribute("cx", px);
    marker.setAttribute("cy", frame.y(hb));
    hText.setAttribute("x", Math.min(Math.max(px, frame.left + 40), frame.right - 40));
    hText.setAttribute("y", frame.y(hb) - 12);
    setText(hText, `H = ${formatValue(hb, 3)} ${t("bits")}`);
    const texts = Object.fromEntries(QUANTITIES.map((k, i) => [k, `${formatValue(v[k])} ${t(units[i])}`]));
    panel.set(v, texts);
    frame.svg.setAttribute("aria-label", t("Curve of the binary entropy H(p); at p = {p}: H = {h}.", {
      p: formatValue(s.p, 3), h: texts["H(p) in bits"] }));
    setState(root, s);
  }
  update();
  return follow(model, { p: slider }, update);
}

export default { render };
